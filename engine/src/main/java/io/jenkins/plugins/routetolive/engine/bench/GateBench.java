package io.jenkins.plugins.routetolive.engine.bench;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * 1,000 promotions gated at once against HTTP endpoints on 127.0.0.1 that all turn unhealthy at one
 * known instant. Prints detection latency minus failureThreshold × interval, the threads the gates
 * used, and the time from each failed verdict to the rollback deploy call. Not a test: run it with
 * {@code ./mvnw -q -f engine/pom.xml compile exec:java -Dexec.mainClass=io.jenkins.plugins.routetolive.engine.bench.GateBench}.
 */
public final class GateBench {

    static final int GATES = 1_000;
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("bench.intervalMs", 5000));
    static final int FAILURE_THRESHOLD = 3;
    /** Every gate has started and probed a few times before the flip. */
    static final long FLIP_AFTER_MS = INTERVAL.toMillis() + 2_000;

    private GateBench() {
    }

    public static void main(String[] args) throws Exception {
        int gates = args.length > 0 ? Integer.parseInt(args[0]) : GATES;
        AtomicIntegerArray healthy = new AtomicIntegerArray(gates);
        for (int i = 0; i < gates; i++) {
            healthy.set(i, 1);
        }
        ExecutorService serverPool = Executors.newFixedThreadPool(2, r -> new Thread(r, "bench-endpoint"));
        HttpServer server = endpoints(healthy, serverPool);
        Clock clock = Clock.systemUTC();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread.sleep(200); // let the server's threads settle before the baseline
        int baseline = threads.getThreadCount();
        java.util.Set<String> before = names();
        threads.resetPeakThreadCount();

        AtomicInteger created = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(counting("gate-scheduler", created));
        ExecutorService httpExecutor = Executors.newFixedThreadPool(Integer.getInteger("bench.httpThreads", 1), counting("gate-http", created));
        Gates factory = new Gates(scheduler, clock, httpExecutor);
        GateBenchRun run = new GateBenchRun(gates, healthy, factory, clock, server.getAddress().getPort());
        run.prepare();

        Instant flipAt = run.start(scheduler);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        CompletableFuture<List<PromotionOutcome>> done = CompletableFuture.supplyAsync(() -> {
            try {
                return run.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-main-wait")));
        while (!done.isDone()) {
            names().stream().filter(n -> !before.contains(n)).forEach(seen::add);
            if (Boolean.getBoolean("bench.traceThreads")) {
                Thread.getAllStackTraces().forEach((t, st) -> {
                    if (t.getName().startsWith("Thread-") && st.length > 0) {
                        System.out.println(t.getName() + ": " + Arrays.stream(st).map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(" < ")));
                    }
                });
            }
            Thread.sleep(20);
        }
        List<PromotionOutcome> outcomes = done.join();
        // the endpoints (server side of the bench) are not the engine's
        seen.removeIf(n -> n.startsWith("bench-") || n.equals("HTTP-Dispatcher") || n.equals("idle-timeout-task"));
        int peak = threads.getPeakThreadCount();
        if (Boolean.getBoolean("bench.listThreads")) {
            Thread.getAllStackTraces().keySet().forEach(t -> System.out.printf(Locale.ROOT, "  thread %s: cpu %d ms%n",
                    t.getName(), threads.getThreadCpuTime(t.getId()) / 1_000_000));
        }

        report(run, flipAt, outcomes, created.get(), peak - baseline);
        long perResponse = seen.stream().filter(n -> n.matches("Thread-\\d+")).count();
        seen.removeIf(n -> n.matches("Thread-\\d+"));
        System.out.println("engine-side long-lived threads that appeared during the run (" + seen.size() + "): " + seen);
        if (perResponse > 0) {
            System.out.println("plus " + perResponse + " short-lived unnamed threads seen: the JDK HttpClient completes sendAsync on the "
                    + "CompletableFuture default executor, which is a new thread per task when the common pool's parallelism is "
                    + ForkJoinPool.getCommonPoolParallelism() + " (<= 1 on 1-2 CPUs); run the JVM with "
                    + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2 to avoid it");
        }
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
        server.stop(0);
        serverPool.shutdownNow();
        System.exit(0);
    }

    private static java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    private static HttpServer endpoints(AtomicIntegerArray healthy, ExecutorService pool) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.createContext("/health/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            boolean ok = healthy.get(i) == 1;
            byte[] body = (ok ? "{\"status\":\"healthy\"}" : "{\"status\":\"down\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(pool);
        server.start();
        return server;
    }

    private static ThreadFactory counting(String name, AtomicInteger created) {
        return r -> {
            Thread t = new Thread(r, name + "-" + created.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void report(GateBenchRun run, Instant flipAt, List<PromotionOutcome> outcomes, int created, int liveDelta) {
        long budget = FAILURE_THRESHOLD * INTERVAL.toMillis();
        double[] raw = new double[run.n];
        double[] engine = new double[run.n];
        double[] toRollback = new double[run.n];
        for (int i = 0; i < run.n; i++) {
            raw[i] = Duration.between(flipAt, run.verdictAt[i]).toNanos() / 1e6 - budget;
            engine[i] = Duration.between(run.firstFailureAt[i], run.verdictAt[i]).toNanos() / 1e6
                    - (FAILURE_THRESHOLD - 1) * INTERVAL.toMillis();
            toRollback[i] = (run.rollbackCallNanos[i] - run.verdictNanos[i]) / 1e6;
        }
        Map<PromotionState, Long> states = new java.util.TreeMap<>();
        outcomes.forEach(o -> states.merge(o.state(), 1L, Long::sum));
        System.out.printf(Locale.ROOT, "GateBench: %d gates, interval %d ms, failureThreshold %d, endpoints flip at one instant%n",
                run.n, INTERVAL.toMillis(), FAILURE_THRESHOLD);
        System.out.printf(Locale.ROOT, "outcomes: %s%n", states);
        System.out.printf(Locale.ROOT, "detection latency - failureThreshold x interval (%d ms): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                budget, pct(raw, 50), pct(raw, 99), pct(raw, 100));
        System.out.printf(Locale.ROOT, "engine overhead (verdict - start of the first failing probe - (F-1) x interval): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(engine, 50), pct(engine, 99), pct(engine, 100));
        System.out.printf(Locale.ROOT, "last probe round trip (HTTP, this machine): p50 %.1f ms, p99 %.1f ms%n",
                pct(run.probeLatencyMs, 50), pct(run.probeLatencyMs, 99));
        System.out.printf(Locale.ROOT, "threads created by the gates' scheduler and executors: %d; JVM live-thread delta (peak - baseline): %d%n",
                created, liveDelta);
        System.out.printf(Locale.ROOT, "failed verdict -> rollback deploy call: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                pct(toRollback, 50), pct(toRollback, 99), pct(toRollback, 100));
    }

    private static double pct(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}

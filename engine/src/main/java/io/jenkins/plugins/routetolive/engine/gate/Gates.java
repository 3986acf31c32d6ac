package io.jenkins.plugins.routetolive.engine.gate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.gate.internal.AllOfGate;
import io.jenkins.plugins.routetolive.engine.gate.internal.RolloutProbe;
import io.jenkins.plugins.routetolive.engine.gate.internal.SoakGate;
import io.jenkins.plugins.routetolive.engine.gate.internal.TrustedCa;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.channels.AsynchronousChannelGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds gates that share one scheduler and one non-blocking HTTP client, so a thousand gates need a
 * handful of threads: the scheduler's, the HTTP client's selector, and the small executor the client
 * completes responses on (the scheduler itself unless one is given).
 */
public final class Gates {

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Executor httpExecutor;
    private final HttpClient http;
    private final Map<String, HttpClient> clientsByCa = new ConcurrentHashMap<>();
    private volatile AsynchronousChannelGroup tcpGroup;

    /** Gates whose HTTP client completes on the scheduler. */
    public Gates(ScheduledExecutorService scheduler, Clock clock) {
        this(scheduler, clock, null);
    }

    /**
     * @param httpExecutor where the HTTP client completes responses; null for the scheduler. Keep it small
     *                     (one or two threads): nothing that runs there blocks.
     */
    public Gates(ScheduledExecutorService scheduler, Clock clock, Executor httpExecutor) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.httpExecutor = httpExecutor == null ? scheduler : httpExecutor;
        this.http = clientBuilder().build();
    }

    private HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder().executor(httpExecutor).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** An HTTP(S) gate: status, optional JSON check, secret headers, optional custom CA. */
    public Gate http(HttpGateSpec spec) {
        HttpClient client = spec.caCertificatePem() == null ? http : clientsByCa.computeIfAbsent(spec.caCertificatePem(),
                pem -> clientBuilder().sslContext(TrustedCa.sslContext(pem)).build());
        return new ThresholdGate(new HttpProbe(spec, client, clock), spec.timing(), scheduler, clock);
    }

    /** A TCP gate: a connection accepted within the timeout counts as healthy. */
    public Gate tcp(String host, int port, GateDefaults timing) {
        return new ThresholdGate(new TcpProbe(host, port, timing.timeout(), tcpGroup(), scheduler, clock), timing, scheduler, clock);
    }

    /**
     * A Kubernetes rollout gate: the Deployment's observedGeneration has caught up and updated, ready and
     * available replicas equal the desired count; a {@code ProgressDeadlineExceeded} condition fails it at once.
     * Probes that see a rollout still in progress do not count as failures: only the deadline ends the wait.
     * The API read runs on the scheduler.
     */
    public Gate kubernetesRollout(KubernetesClient client, String namespace, String deployment, GateDefaults timing) {
        // a rollout in progress is not a failure: only ProgressDeadlineExceeded or the deadline fail this gate
        GateDefaults patient = new GateDefaults(timing.interval(), timing.timeout(), timing.successThreshold(),
                Integer.MAX_VALUE, timing.deadline(), timing.soak());
        return new ThresholdGate(new RolloutProbe(client, namespace, deployment, scheduler, clock), patient, scheduler, clock,
                RolloutProbe::isFatal);
    }

    /** Passes when every gate passes; fails as soon as one fails. Evidence is merged. */
    public Gate allOf(List<Gate> gates) {
        return gates.size() == 1 ? gates.get(0) : new AllOfGate(gates);
    }

    /** After passing, the gate must stay green for the soak time; one failed check during the soak fails it. */
    public Gate withSoak(Gate gate, Duration soak) {
        return soak.isZero() ? gate : new SoakGate(gate, soak, scheduler, clock);
    }

    /** The gate, started only after an initial delay (e.g. while the application boots). */
    public Gate withInitialDelay(Gate gate, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return gate;
        }
        return new Gate() {
            @Override
            public java.util.concurrent.CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                var start = new java.util.concurrent.CompletableFuture<Void>();
                scheduler.schedule(() -> start.complete(null), delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return start.thenCompose(ignored -> gate.evaluate(subject));
            }

            @Override
            public String describe() {
                return gate.describe() + " after an initial delay of " + delay.toMillis() + " ms";
            }
        };
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public Clock clock() {
        return clock;
    }

    private AsynchronousChannelGroup tcpGroup() {
        AsynchronousChannelGroup group = tcpGroup;
        if (group == null) {
            synchronized (this) {
                if (tcpGroup == null) {
                    try {
                        tcpGroup = AsynchronousChannelGroup.withFixedThreadPool(1, r -> {
                            Thread t = new Thread(r, "route-to-live-tcp-gates");
                            t.setDaemon(true);
                            return t;
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot start the TCP gate channel group", e);
                    }
                }
                group = tcpGroup;
            }
        }
        return group;
    }
}

package io.jenkins.plugins.routetolive.engine.gate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Succeeds when a TCP connection to host:port is accepted within the timeout. Connects without blocking a thread. */
public final class TcpProbe implements Probe {

    private final String host;
    private final int port;
    private final Duration timeout;
    private final AsynchronousChannelGroup group;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public TcpProbe(String host, int port, Duration timeout, AsynchronousChannelGroup group,
                    ScheduledExecutorService scheduler, Clock clock) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("TCP gate host must not be empty, but was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP gate port must be from 1 to 65535, but was " + port);
        }
        this.host = host;
        this.port = port;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.group = Objects.requireNonNull(group, "group");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<ProbeResult> probe(GateSubject subject) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open(group);
        } catch (IOException e) {
            result.complete(new ProbeResult(start, false, "no connection", Duration.ZERO, "cannot open a socket: " + e.getMessage()));
            return result;
        }
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (result.complete(new ProbeResult(start, false, "no connection", Duration.ofNanos(System.nanoTime() - t0),
                    "no connection within " + timeout.toMillis() + " ms"))) {
                close(channel);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        channel.connect(new InetSocketAddress(host, port), null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
                timer.cancel(false);
                result.complete(new ProbeResult(start, true, "connected", Duration.ofNanos(System.nanoTime() - t0), ""));
                close(channel);
            }

            @Override
            public void failed(Throwable error, Void attachment) {
                timer.cancel(false);
                String reason = error instanceof java.net.ConnectException ? "connection refused"
                        : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
                result.complete(new ProbeResult(start, false, "no connection", Duration.ofNanos(System.nanoTime() - t0), reason));
                close(channel);
            }
        });
        return result;
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a probe socket that failed; nothing to report
        }
    }

    @Override
    public String describe() {
        return "TCP check " + host + ":" + port;
    }
}

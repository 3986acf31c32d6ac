package io.jenkins.plugins.routetolive.engine.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real health endpoint on 127.0.0.1 that turns unhealthy, slow or silent on cue. */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private volatile int status = 200;
    private volatile String body = "{\"status\":\"healthy\"}";
    private volatile long delayMillis;
    private volatile BooleanSupplier down = () -> false;
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();

    public HealthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizationHeaders.add(auth);
            }
            long delay = delayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // the test server is slow on purpose
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean isDown = down.getAsBoolean();
            byte[] bytes = (isDown ? "{\"status\":\"down\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(isDown ? 503 : status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException closedByClient) {
                // the probe gave up waiting
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public HealthServer healthy() {
        status = 200;
        delayMillis = 0;
        body = "{\"status\":\"healthy\"}";
        return this;
    }

    public HealthServer unhealthy() {
        status = 503;
        body = "{\"status\":\"down\"}";
        return this;
    }

    /** Answers 503 whenever the condition holds when a request arrives (e.g. "the Service selects the new pods"). */
    public HealthServer downWhile(BooleanSupplier condition) {
        down = condition;
        return this;
    }

    public HealthServer answering(int code, String json) {
        status = code;
        body = json;
        return this;
    }

    public HealthServer slow(long millis) {
        delayMillis = millis;
        return this;
    }

    public List<String> authorizationHeaders() {
        return List.copyOf(authorizationHeaders);
    }

    /** Stops listening: connections are refused from now on. */
    public void refuseConnections() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.jenkins.plugins.routetolive.engine.demo;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One real HTTP health endpoint per environment on 127.0.0.1. Each answers for what the local deployer
 * runs in its environment: 200 when healthy, 503 when the demo says that artifact is broken there.
 */
final class HealthEndpoints implements AutoCloseable {

    private final Map<String, HttpServer> servers = new LinkedHashMap<>();

    HealthEndpoints(String application, Iterable<String> environments, LocalDeployer deployer,
                    BiPredicate<String, Artifact> unhealthy) throws IOException {
        for (String env : environments) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/health", exchange -> {
                Optional<Artifact> running = deployer.running(application, env);
                boolean sick = running.isEmpty() || unhealthy.test(env, running.get());
                byte[] body = ("{\"status\":\"" + (sick ? "unhealthy" : "healthy") + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(sick ? 503 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            servers.put(env, server);
        }
    }

    URI url(String environment) {
        HttpServer server = servers.get(environment);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
    }
}

package io.jenkins.plugins.routetolive.engine.gate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** An HTTP GET that succeeds on a 2xx status, with a per-request timeout. Only http and https URLs are accepted. */
public final class HttpProbe implements Probe {

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final Clock clock;

    public HttpProbe(URI url, Duration timeout, HttpClient client, Clock clock) {
        this.url = requireHttp(url);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Refuses anything but an absolute http or https URL, saying why. */
    public static URI requireHttp(URI url) {
        Objects.requireNonNull(url, "health check URL must not be null");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("health check URL must be http:// or https://, but was '" + url
                    + "': gates only probe over HTTP(S), never files or other protocols");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("health check URL must name a host, but was '" + url + "'");
        }
        return url;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(GateSubject subject) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        String reason = cause instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                        return new ProbeResult(start, false, "no response", latency, reason);
                    }
                    int code = response.statusCode();
                    boolean ok = code >= 200 && code < 300;
                    return new ProbeResult(start, ok, "HTTP " + code, latency, ok ? "" : "status " + code + " is not 2xx");
                });
    }

    @Override
    public String describe() {
        return "HTTP health check " + url;
    }
}

package io.jenkins.plugins.routetolive.engine.gate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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

/**
 * An HTTP GET with a per-request timeout that succeeds on an accepted status (any 2xx unless the spec
 * says otherwise) and, when the spec has a JSON check, when the JSON pointer in the body equals the
 * expected value. Only http and https URLs are accepted. Header values are sent but never reported.
 */
public final class HttpProbe implements Probe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private final HttpGateSpec spec;
    private final JsonPointer pointer;
    private final HttpClient client;
    private final Clock clock;

    public HttpProbe(URI url, Duration timeout, HttpClient client, Clock clock) {
        this(HttpGateSpec.of(url, new io.jenkins.plugins.routetolive.engine.route.GateDefaults(Duration.ofSeconds(5),
                Objects.requireNonNull(timeout, "timeout"), 1, 1, Duration.ofMinutes(5), Duration.ZERO)), client, clock);
    }

    public HttpProbe(HttpGateSpec spec, HttpClient client, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.pointer = spec.jsonPointer() == null ? null : JsonPointer.compile(spec.jsonPointer());
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
        Duration timeout = spec.timing().timeout();
        HttpRequest.Builder request = HttpRequest.newBuilder(spec.url()).timeout(timeout).GET();
        if (spec.url().getScheme().equalsIgnoreCase("http")) {
            // no h2c upgrade attempt on plain http: it costs a header exchange and keeps connections out of the pool
            request.version(HttpClient.Version.HTTP_1_1);
        }
        spec.headers().forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request.build(), pointer == null ? discard() : HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            if (error != null) {
                return new ProbeResult(start, false, "no response", latency, describe(error, timeout));
            }
            int code = response.statusCode();
            if (!spec.accepts(code)) {
                return new ProbeResult(start, false, "HTTP " + code, latency, "status " + code + " is not "
                        + spec.describeAccepted());
            }
            String mismatch = pointer == null ? null : jsonMismatch(response.body());
            return new ProbeResult(start, mismatch == null, "HTTP " + code, latency, mismatch == null ? "" : mismatch);
        });
    }

    private static HttpResponse.BodyHandler<byte[]> discard() {
        return info -> HttpResponse.BodySubscribers.replacing(new byte[0]);
    }

    /** Null when the JSON check holds; otherwise what the body said instead. */
    private String jsonMismatch(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body where JSON " + spec.jsonPointer() + " = '" + spec.expectedValue() + "' was expected";
        }
        if (body.length > MAX_BODY) {
            return "body of " + body.length + " bytes is larger than the " + MAX_BODY + " bytes a JSON check reads";
        }
        try {
            JsonNode node = JSON.readTree(body).at(pointer);
            if (node.isMissingNode()) {
                return "JSON " + spec.jsonPointer() + " is missing, expected '" + spec.expectedValue() + "'";
            }
            String actual = node.isValueNode() ? node.asText() : node.toString();
            return actual.equals(spec.expectedValue()) ? null
                    : "JSON " + spec.jsonPointer() + " was '" + abbreviate(actual) + "', expected '" + spec.expectedValue() + "'";
        } catch (IOException e) {
            return "body is not JSON (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** Why no response came, without echoing request details (headers may carry secrets). */
    static String describe(Throwable error, Duration timeout) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public String describe() {
        return "HTTP health check " + spec.url();
    }
}

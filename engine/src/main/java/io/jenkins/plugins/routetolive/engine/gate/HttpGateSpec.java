package io.jenkins.plugins.routetolive.engine.gate;

import io.jenkins.plugins.routetolive.engine.route.GateDefaults;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An HTTP(S) health check as data.
 *
 * @param url              the http or https URL to GET; anything else is refused
 * @param acceptedStatus   status codes that count as healthy; empty means any 2xx
 * @param jsonPointer      optional JSON pointer into the response body (e.g. {@code /status}); null for none
 * @param expectedValue    the text the pointer must equal (e.g. {@code healthy}); required with a pointer
 * @param headers          request headers; their values are secrets and never appear in messages or evidence
 * @param caCertificatePem optional PEM certificate(s) to trust for https instead of the JVM defaults
 * @param timing           interval, per-request timeout, thresholds, deadline
 */
public record HttpGateSpec(URI url, Set<Integer> acceptedStatus, String jsonPointer, String expectedValue,
                           Map<String, String> headers, String caCertificatePem, GateDefaults timing) {

    public HttpGateSpec {
        HttpProbe.requireHttp(url);
        acceptedStatus = Set.copyOf(Objects.requireNonNullElse(acceptedStatus, Set.of()));
        for (int code : acceptedStatus) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("HTTP gate acceptedStatus must hold codes from 100 to 599, but held " + code);
            }
        }
        if (jsonPointer != null) {
            if (!jsonPointer.isEmpty() && !jsonPointer.startsWith("/")) {
                throw new IllegalArgumentException("HTTP gate jsonPointer must be empty or start with '/', but was '"
                        + jsonPointer + "'");
            }
            Objects.requireNonNull(expectedValue, "HTTP gate expectedValue must be set when jsonPointer is '" + jsonPointer + "'");
        } else if (expectedValue != null) {
            throw new IllegalArgumentException("HTTP gate expectedValue '" + expectedValue + "' needs a jsonPointer to compare");
        }
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNullElse(headers, Map.<String, String>of()).forEach((name, value) -> {
            if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new IllegalArgumentException("HTTP gate header names must be visible ASCII without ':', but one was '"
                        + name + "'");
            }
            Objects.requireNonNull(value, "HTTP gate header '" + name + "' must have a value");
            copy.put(name, value);
        });
        headers = java.util.Collections.unmodifiableMap(copy);
        if (caCertificatePem != null && caCertificatePem.isBlank()) {
            caCertificatePem = null;
        }
        Objects.requireNonNull(timing, "HTTP gate timing must not be null");
    }

    /** A plain check: any 2xx, no JSON, no headers, default trust. */
    public static HttpGateSpec of(URI url, GateDefaults timing) {
        return new HttpGateSpec(url, Set.of(), null, null, Map.of(), null, timing);
    }

    public HttpGateSpec withJson(String pointer, String expected) {
        return new HttpGateSpec(url, acceptedStatus, pointer, expected, headers, caCertificatePem, timing);
    }

    public HttpGateSpec withHeaders(Map<String, String> secretHeaders) {
        return new HttpGateSpec(url, acceptedStatus, jsonPointer, expectedValue, secretHeaders, caCertificatePem, timing);
    }

    public HttpGateSpec withAcceptedStatus(Set<Integer> codes) {
        return new HttpGateSpec(url, codes, jsonPointer, expectedValue, headers, caCertificatePem, timing);
    }

    /** Whether the status code counts as healthy. */
    public boolean accepts(int status) {
        return acceptedStatus.isEmpty() ? status >= 200 && status < 300 : acceptedStatus.contains(status);
    }

    /** "any 2xx" or "200, 204". */
    public String describeAccepted() {
        return acceptedStatus.isEmpty() ? "2xx" : acceptedStatus.stream().sorted().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Names headers but never their values. */
    @Override
    public String toString() {
        return "HttpGateSpec[url=" + url + ", acceptedStatus=" + describeAccepted()
                + (jsonPointer == null ? "" : ", json " + jsonPointer + " = '" + expectedValue + "'")
                + ", headers=" + headers.keySet() + " (values hidden)"
                + (caCertificatePem == null ? "" : ", custom CA") + ", timing=" + timing + "]";
    }
}

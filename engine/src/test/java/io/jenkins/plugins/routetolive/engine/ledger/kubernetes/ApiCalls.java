package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Requests the Kubernetes API received, counted by kind (the resource's plural, e.g. {@code configmaps}) and verb:
 * LIST (a GET of a collection), GET (of one object), WATCH (a GET with {@code watch=true}), POST, PUT, PATCH, DELETE.
 * An immutable snapshot; {@link #minus} gives the requests of one window.
 */
record ApiCalls(Map<String, Long> counts) {

    static final String[] VERBS = {"LIST", "GET", "WATCH", "POST", "PUT", "PATCH", "DELETE"};

    ApiCalls {
        counts = Map.copyOf(counts);
    }

    static String key(String kind, String verb) {
        return kind + " " + verb;
    }

    long get(String kind, String verb) {
        return counts.getOrDefault(key(kind, verb), 0L);
    }

    /** All requests of this verb, whatever the kind. */
    long verb(String verb) {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith(" " + verb)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Requests that change something: POST, PUT, PATCH and DELETE. */
    long writes() {
        return verb("POST") + verb("PUT") + verb("PATCH") + verb("DELETE");
    }

    long writes(String kind) {
        return get(kind, "POST") + get(kind, "PUT") + get(kind, "PATCH") + get(kind, "DELETE");
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The kinds that received at least one request, sorted. */
    TreeSet<String> kinds() {
        TreeSet<String> kinds = new TreeSet<>();
        counts.forEach((k, n) -> {
            if (n > 0) {
                kinds.add(k.substring(0, k.indexOf(' ')));
            }
        });
        return kinds;
    }

    ApiCalls minus(ApiCalls earlier) {
        Map<String, Long> diff = new TreeMap<>(counts);
        earlier.counts.forEach((k, n) -> diff.merge(k, -n, Long::sum));
        diff.values().removeIf(n -> n == 0);
        return new ApiCalls(diff);
    }

    ApiCalls plus(ApiCalls other) {
        Map<String, Long> sum = new TreeMap<>(counts);
        other.counts.forEach((k, n) -> sum.merge(k, n, Long::sum));
        return new ApiCalls(sum);
    }
}

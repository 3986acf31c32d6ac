package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one Kubernetes API call (a read-modify-write or a read) on the shared scheduler and retries it by
 * the fault: a 409 conflict is re-read and retried at once (a few times), 429, 5xx and timeouts are
 * retried with exponential backoff until the deadline, and a 403 fails at once with the permission to
 * grant. Nothing sleeps: retries are scheduled.
 */
public final class KubernetesCalls {

    static final int MAX_CONFLICTS = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Function<String, String> grantScope;

    public KubernetesCalls(ScheduledExecutorService scheduler, Clock clock) {
        this(scheduler, clock, KubernetesCalls::roleScope);
    }

    /**
     * @param grantScope where a missing permission is to be granted, for a namespace ("" for cluster-scoped
     *                   resources), completing "grant … the verb 'get' on resource 'x' …"; {@link #roleScope} by default
     */
    public KubernetesCalls(ScheduledExecutorService scheduler, Clock clock, Function<String, String> grantScope) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grantScope = Objects.requireNonNull(grantScope, "grantScope");
    }

    /** "cluster-wide (ClusterRole)", or "in namespace prod (Role and RoleBinding)". */
    public static String roleScope(String namespace) {
        return namespace.isEmpty() ? "cluster-wide (ClusterRole)" : "in namespace " + namespace + " (Role and RoleBinding)";
    }

    /**
     * @param verb      the API verb, for messages and RBAC advice ("get", "update", "create", "delete", "list")
     * @param resource  the resource type with its API group ("deployments.apps", "services", "namespaces")
     * @param name      the object's name ("" for lists)
     * @param namespace the namespace ("" for cluster-scoped resources)
     * @param deadline  when to stop retrying transient faults
     */
    public <T> CompletableFuture<T> call(String verb, String resource, String name, String namespace, Instant deadline,
                                         Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(new Call<>(verb, resource, name, namespace, deadline, action, result), 1, 0);
        return result;
    }

    private record Call<T>(String verb, String resource, String name, String namespace, Instant deadline, Supplier<T> action,
                           CompletableFuture<T> result) {
        String what() {
            return verb + " " + resource + (name.isEmpty() ? "" : "/" + name) + (namespace.isEmpty() ? "" : " in namespace " + namespace);
        }
    }

    private <T> void attempt(Call<T> call, int attempt, int conflicts) {
        scheduler.execute(() -> {
            try {
                call.result().complete(call.action().get());
            } catch (KubernetesClientException e) {
                retryOrFail(call, attempt, conflicts, e);
            } catch (KubernetesCallException e) {
                call.result().completeExceptionally(e);
            } catch (RuntimeException e) {
                call.result().completeExceptionally(new KubernetesCallException("Could not " + call.what() + ": " + e.getMessage(),
                        0, e));
            }
        });
    }

    private <T> void retryOrFail(Call<T> call, int attempt, int conflicts, KubernetesClientException e) {
        int code = e.getCode();
        if (code == 409 && conflicts + 1 < MAX_CONFLICTS) {
            attempt(call, attempt + 1, conflicts + 1);
            return;
        }
        if (code == 429 || code >= 500 || code <= 0) {
            Duration backoff = backoff(attempt);
            if (clock.instant().plus(backoff).isBefore(call.deadline())) {
                scheduler.schedule(() -> attempt(call, attempt + 1, conflicts), backoff.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        call.result().completeExceptionally(new KubernetesCallException(message(call, attempt, e), code, e));
    }

    static Duration backoff(int attempt) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private String message(Call<?> call, int attempt, KubernetesClientException e) {
        int code = e.getCode();
        String group = call.resource().contains(".") ? call.resource().substring(call.resource().indexOf('.') + 1) : "\"\" (core)";
        String plural = call.resource().contains(".") ? call.resource().substring(0, call.resource().indexOf('.')) : call.resource();
        return switch (code) {
            case 403 -> "Kubernetes refused to " + call.what() + " (403 Forbidden): grant the controller's service account "
                    + "the verb '" + call.verb() + "' on resource '" + plural + "' (API group " + group + ") "
                    + grantScope.apply(call.namespace()) + ".";
            case 404 -> "Could not " + call.what() + ": it does not exist (404). Create it first (apply its manifest).";
            case 409 -> "Could not " + call.what() + ": it kept changing underneath (" + attempt
                    + " conflicts in a row); another controller or person is editing it. Try again when it is quiet.";
            default -> Sentences.join("Could not " + call.what() + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                    + " before the deadline: " + (code <= 0 ? "no answer from the API server (" + Sentences.clause(rootMessage(e)) + ")"
                    : "HTTP " + code + " " + rootMessage(e)), "Check the cluster's health and retry the promotion.");
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

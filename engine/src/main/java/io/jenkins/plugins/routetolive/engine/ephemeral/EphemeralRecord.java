package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;

import java.time.Instant;
import java.util.Objects;

/**
 * One ephemeral environment as the ledger knows it. Everything needed to tear it down (the namespace, and the
 * route and environment whose Kubernetes settings reach its cluster) is here, so the list of environments to tear
 * down survives a restart.
 *
 * @param owner               whose it is
 * @param namespace           its Kubernetes namespace
 * @param route               the route of the template environment
 * @param templateEnvironment the environment it was copied from; its cluster and credentials reach the namespace
 * @param controller          the Jenkins controller that made it (only that one tears it down for a deleted job)
 * @param version             what was last deployed there
 * @param digest              its digest
 * @param url                 where it answers ("" when unknown)
 * @param deployedAt          when it was last deployed
 * @param expiresAt           when its time to live ends (each deployment extends it)
 * @param gatePassed          whether the last deployment passed its gate
 * @param state               active, teardown failed, or torn down
 * @param teardownCause       why it is being or was torn down ("" while active)
 * @param message             the last gate summary, or what the teardown did or why it failed
 * @param updatedAt           when the ledger last recorded something about it
 */
public record EphemeralRecord(EphemeralOwner owner, String namespace, String route, String templateEnvironment,
                              String controller, String version, Digest digest, String url, Instant deployedAt,
                              Instant expiresAt, boolean gatePassed, EphemeralState state, String teardownCause,
                              String message, Instant updatedAt) {

    public EphemeralRecord {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(namespace, "namespace");
        route = Objects.requireNonNullElse(route, "");
        templateEnvironment = Objects.requireNonNullElse(templateEnvironment, "");
        controller = Objects.requireNonNullElse(controller, "");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        url = Objects.requireNonNullElse(url, "");
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        teardownCause = Objects.requireNonNullElse(teardownCause, "");
        message = Objects.requireNonNullElse(message, "");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The same environment in another state. */
    public EphemeralRecord with(EphemeralState newState, String cause, String newMessage, Instant at) {
        return new EphemeralRecord(owner, namespace, route, templateEnvironment, controller, version, digest, url, deployedAt,
                expiresAt, gatePassed, newState, cause, newMessage, at);
    }

    /** Whether its namespace may still exist: it is active or its teardown failed. */
    public boolean live() {
        return state != EphemeralState.TORN_DOWN;
    }

    /** "shop 1.2.0 (sha256:ab12…)" */
    public String running() {
        return owner.application() + " " + version + " (" + digest.shortForm() + ")";
    }

    /** "ephemeral environment shop-feature-login of shop for branch feature/login (job shop/feature%2Flogin)" */
    public String describe() {
        return "ephemeral environment " + namespace + " of " + owner.describe();
    }
}

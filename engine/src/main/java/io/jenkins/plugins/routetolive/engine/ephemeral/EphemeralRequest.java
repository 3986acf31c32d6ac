package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Deploy a registered artifact into the ephemeral environment of a branch.
 *
 * @param owner          whose environment
 * @param digest         the registered artifact's digest (this or the version, or both)
 * @param version        the registered artifact's version
 * @param template       what to copy, and from where
 * @param timeToLive     how long the environment lives after this deployment, unless the branch builds again
 * @param healthUrl      an http(s) URL the gate probes, {@code {namespace}} filled in; "" for none (the rollout is gated anyway)
 * @param urlPattern     where the environment answers, {@code {namespace}} filled in; "" for the Service's in-cluster URL
 * @param controller     an id of the Jenkins controller (it alone tears the environment down when the job is deleted)
 * @param actor          who asked for it
 * @param buildReference the build that asked for it
 */
public record EphemeralRequest(EphemeralOwner owner, Optional<Digest> digest, Optional<String> version,
                               EphemeralTemplate template, Duration timeToLive, String healthUrl, String urlPattern,
                               String controller, String actor, String buildReference) {

    public EphemeralRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(version, "version");
        if (digest.isEmpty() && version.isEmpty()) {
            throw new IllegalArgumentException("an ephemeral environment of " + owner.application()
                    + " needs the digest or the version of a registered artifact, but neither was given");
        }
        Objects.requireNonNull(template, "template");
        if (timeToLive == null || timeToLive.isZero() || timeToLive.isNegative()) {
            throw new IllegalArgumentException("ephemeral environment timeToLive must be positive, but was " + timeToLive);
        }
        healthUrl = EphemeralNames.requireUrlPattern("healthUrl", healthUrl);
        urlPattern = EphemeralNames.requireUrlPattern("urlPattern", urlPattern);
        controller = Objects.requireNonNullElse(controller, "");
        actor = actor == null || actor.isBlank() ? "system" : actor;
        buildReference = Objects.requireNonNullElse(buildReference, "");
    }
}

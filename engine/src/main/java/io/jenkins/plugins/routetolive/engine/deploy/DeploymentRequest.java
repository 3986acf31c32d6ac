package io.jenkins.plugins.routetolive.engine.deploy;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;

import java.util.Objects;

/**
 * Put this artifact into this environment.
 *
 * @param rollback whether this deployment restores a last known good artifact
 */
public record DeploymentRequest(Artifact artifact, String environment, String promotionId, boolean rollback) {
    public DeploymentRequest {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(environment, "environment");
        promotionId = Objects.requireNonNullElse(promotionId, "");
    }
}

package io.jenkins.plugins.routetolive.engine.gate;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;

import java.util.Objects;

/** What a gate judges: an artifact just deployed to an environment. */
public record GateSubject(Artifact artifact, String environment, String promotionId) {
    public GateSubject {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(environment, "environment");
        promotionId = Objects.requireNonNullElse(promotionId, "");
    }
}

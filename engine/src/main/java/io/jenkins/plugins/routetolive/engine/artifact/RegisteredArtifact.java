package io.jenkins.plugins.routetolive.engine.artifact;

import java.time.Instant;
import java.util.Objects;

/** An artifact as it entered the route: where it came from, who registered it and when. */
public record RegisteredArtifact(Artifact artifact, String sourceRevision, String registeredBy, String buildReference,
                                 Instant registeredAt) {

    public RegisteredArtifact {
        Objects.requireNonNull(artifact, "artifact must not be null");
        SourceRevision.require(sourceRevision);
        Objects.requireNonNull(registeredBy, "registeredBy must not be null");
        Objects.requireNonNull(registeredAt, "registeredAt must not be null");
        buildReference = buildReference == null ? "" : buildReference;
    }
}

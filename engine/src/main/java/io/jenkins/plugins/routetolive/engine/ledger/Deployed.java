package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;

import java.time.Instant;
import java.util.Objects;

/** An artifact as it runs (or last ran verified) in an environment. */
public record Deployed(String version, Digest digest, Instant since, String promotionId) {
    public Deployed {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(since, "since");
        promotionId = Objects.requireNonNullElse(promotionId, "");
    }
}

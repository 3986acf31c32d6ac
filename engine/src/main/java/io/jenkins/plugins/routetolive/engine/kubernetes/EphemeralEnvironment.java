package io.jenkins.plugins.routetolive.engine.kubernetes;

import java.time.Instant;
import java.util.Objects;

/** A namespace made for one branch, and when the reaper may delete it. */
public record EphemeralEnvironment(String namespace, String branch, Instant expiresAt) {
    public EphemeralEnvironment {
        KubernetesTarget.requireLabel("namespace", namespace, 63);
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

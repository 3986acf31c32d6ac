package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to move an artifact into an environment. The artifact is named by digest, by version, or
 * both (then they must match the registration).
 */
public record PromotionRequest(String application, String version, Digest digest, String environment, Actor requester,
                               Optional<FreezeOverride> override, WaitMode waitMode, String buildReference) {

    public PromotionRequest {
        Artifact.requireApplicationName(application);
        if (version == null && digest == null) {
            throw new IllegalArgumentException("a promotion of " + application + " must name the artifact by digest or version");
        }
        Objects.requireNonNull(environment, "environment must not be null");
        Objects.requireNonNull(requester, "requester must not be null");
        override = Objects.requireNonNullElse(override, Optional.empty());
        waitMode = Objects.requireNonNullElse(waitMode, WaitMode.WAIT);
        buildReference = Objects.requireNonNullElse(buildReference, "");
    }

    public static PromotionRequest of(String application, Digest digest, String environment, Actor requester) {
        return new PromotionRequest(application, null, digest, environment, requester, Optional.empty(), WaitMode.WAIT, "");
    }

    public PromotionRequest withOverride(FreezeOverride freezeOverride) {
        return new PromotionRequest(application, version, digest, environment, requester, Optional.of(freezeOverride),
                waitMode, buildReference);
    }

    public PromotionRequest withWaitMode(WaitMode mode) {
        return new PromotionRequest(application, version, digest, environment, requester, override, mode, buildReference);
    }

    public PromotionRequest withBuildReference(String build) {
        return new PromotionRequest(application, version, digest, environment, requester, override, waitMode, build);
    }
}

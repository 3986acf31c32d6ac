package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a manifest's promotion into an environment ended.
 *
 * @param state           VERIFIED (every component verified or checked), ROLLED_BACK (a component failed and
 *                        every component changed was restored as far as it could be), ROLLBACK_FAILED (a
 *                        restore failed too), REJECTED (an approver said no to the manifest or to one of its
 *                        components, or the approval deadline passed), or FAILED (withdrawn before anything was
 *                        deployed, e.g. the build that waited for it was stopped)
 * @param message         one sentence for the user
 * @param failedComponent the application whose failure rolled the manifest back
 * @param components      the outcome of every component promotion that ran, in deployment order
 * @param deployed        applications deployed, in order
 * @param checked         applications checked and left alone (pinned or already running that digest)
 * @param rolledBack      applications restored because another component failed, in the order restored
 */
public record ManifestOutcome(ReleaseManifest manifest, String environment, PromotionState state, String message,
                              Optional<String> failedComponent, List<PromotionOutcome> components, List<String> deployed,
                              List<String> checked, List<String> rolledBack) {

    public ManifestOutcome {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        failedComponent = Objects.requireNonNullElse(failedComponent, Optional.empty());
        components = List.copyOf(Objects.requireNonNullElse(components, List.of()));
        deployed = List.copyOf(Objects.requireNonNullElse(deployed, List.of()));
        checked = List.copyOf(Objects.requireNonNullElse(checked, List.of()));
        rolledBack = List.copyOf(Objects.requireNonNullElse(rolledBack, List.of()));
    }

    public boolean succeeded() {
        return state == PromotionState.VERIFIED;
    }

    /** "verified", "rolled-back", "rollback-failed", "rejected", "withdrawn": the ledger's manifestOutcome attribute. */
    public String label() {
        return state == PromotionState.FAILED ? "withdrawn" : state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The outcome a ledger entry recorded (the lists are not recorded and are empty), for a manifest picked up again. */
    public static ManifestOutcome recorded(ReleaseManifest manifest, String environment, String label, String message,
                                           String failedComponent) {
        PromotionState state = "withdrawn".equals(label) ? PromotionState.FAILED
                : PromotionState.valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return new ManifestOutcome(manifest, environment, state, message, Optional.ofNullable(failedComponent), List.of(),
                List.of(), List.of(), List.of());
    }
}

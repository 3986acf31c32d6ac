package io.jenkins.plugins.routetolive.engine.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A manifest's promotion into one environment, by reference: the manifest, the environment, who asked, and the
 * ids of its component promotions in deployment order. Components without a promotion are checked and left
 * alone (pinned, or already running their digest there). Everything else (states, approvals, gate verdicts,
 * restores, the outcome) is in the ledger, so whoever keeps the manifest and these ids can pick the promotion up
 * again after a restart with {@link ManifestRollout#reopen}.
 *
 * @param manifest     the release
 * @param environment  where it goes
 * @param requester    who asked for it
 * @param promotionIds one per component that changes, in deployment order
 */
public record ManifestPromotion(ReleaseManifest manifest, String environment, String requester, List<String> promotionIds) {

    public ManifestPromotion {
        Objects.requireNonNull(manifest, "manifest must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        Objects.requireNonNull(requester, "requester must not be null");
        promotionIds = List.copyOf(Objects.requireNonNull(promotionIds, "promotionIds must not be null"));
        if (new HashSet<>(promotionIds).size() != promotionIds.size()) {
            throw new IllegalArgumentException("manifest " + manifest.describe() + ": promotionIds must be distinct, but were "
                    + promotionIds);
        }
    }

    /** "manifest shop-release 2026.11 (sha256:ab12…) to stage" */
    public String describe() {
        return "manifest " + manifest.describe() + " to " + environment;
    }
}

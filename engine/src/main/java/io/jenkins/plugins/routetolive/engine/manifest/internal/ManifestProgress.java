package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerIndex;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestPromotion;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a manifest's promotion stands, read from the ledger alone: its component promotions now, which of them
 * started deploying, the restores already made, the outcome if one was recorded, and what ran verified before a
 * component. This is what lets a manifest promotion go on after a restart with nothing but its ids.
 */
public final class ManifestProgress {

    private final PromotionService service;
    private final ManifestPromotion promotion;

    public ManifestProgress(PromotionService service, ManifestPromotion promotion) {
        this.service = service;
        this.promotion = promotion;
    }

    /** The component promotions as the ledger knows them now, in deployment order. */
    public List<Promotion> promotions() {
        return promotion.promotionIds().stream().map(service::promotion).toList();
    }

    /** Components without a promotion: pinned, or already running their digest when the manifest was requested. */
    public List<ManifestComponent> unchanged() {
        Set<String> changed = promotions().stream().map(p -> p.artifact().application()).collect(Collectors.toSet());
        return promotion.manifest().deploymentOrder().stream().filter(c -> !changed.contains(c.application())).toList();
    }

    public boolean readyToDeploy() {
        return promotions().stream().allMatch(Promotion::readyToDeploy);
    }

    /** Whether this component promotion was ever recorded as deploying. */
    public boolean deployed(String promotionId) {
        return service.ledger().promotionHistory(promotionId).stream()
                .anyMatch(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.DEPLOYING);
    }

    public boolean startedDeploying() {
        return promotion.promotionIds().stream().anyMatch(this::deployed);
    }

    /**
     * The component promotion that ended before anything was deployed (rejected, timed out, withdrawn), which ends
     * the whole manifest; empty while every component may still go, or once deployment has started.
     */
    public Optional<Promotion> endedBeforeDeployment() {
        if (startedDeploying()) {
            return Optional.empty();
        }
        List<Promotion> now = promotions();
        return now.stream().filter(p -> p.state() == PromotionState.REJECTED).findFirst()
                .or(() -> now.stream().filter(p -> p.state().isFinal()).findFirst());
    }

    /** The last recorded entry of a component promotion. */
    public Optional<LedgerEntry> last(String promotionId) {
        List<LedgerEntry> history = service.ledger().promotionHistory(promotionId);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** Why the component promotion is where it is: the reason of its last state change. */
    public String reason(String promotionId) {
        List<LedgerEntry> history = service.ledger().promotionHistory(promotionId);
        for (int i = history.size() - 1; i >= 0; i--) {
            LedgerEntry e = history.get(i);
            if (e.type() == EntryType.STATE_CHANGED && !e.reason().isEmpty()) {
                return e.reason();
            }
        }
        return "it is " + service.promotion(promotionId).state().label();
    }

    /** The verdict of this manifest's restore of the component ("passed", "failed", ...), if it made one. */
    public Optional<String> restoreVerdict(String promotionId) {
        String digest = promotion.manifest().digest().value();
        return service.ledger().promotionHistory(promotionId).stream()
                .filter(e -> e.type() == EntryType.MANIFEST_ROLLBACK
                        && digest.equals(e.attribute(LedgerEntry.Attributes.MANIFEST_DIGEST)))
                .map(e -> e.attribute(LedgerEntry.Attributes.VERDICT))
                .reduce((first, second) -> second);
    }

    /** The manifest outcome recorded after the last change of any of its component promotions, if any. */
    public Optional<LedgerEntry> recordedOutcome() {
        long after = promotion.promotionIds().stream().map(this::last).flatMap(Optional::stream)
                .mapToLong(LedgerEntry::sequence).max().orElse(Long.MAX_VALUE);
        String digest = promotion.manifest().digest().value();
        return service.ledger().history(promotion.manifest().name()).stream()
                .filter(e -> e.type() == EntryType.MANIFEST_OUTCOME && e.sequence() > after
                        && e.environment().equals(promotion.environment())
                        && digest.equals(e.attribute(LedgerEntry.Attributes.MANIFEST_DIGEST)))
                .reduce((first, second) -> second);
    }

    /**
     * What ran verified in the environment just before this component promotion started deploying: the ledger's
     * history of the application up to that point, applied to a fresh index. After a restart this is the last known
     * good a failed manifest restores, even though the component's own verification has since replaced it.
     */
    public Optional<Deployed> lastKnownGoodBefore(String promotionId) {
        Promotion p = service.promotion(promotionId);
        LedgerIndex before = new LedgerIndex();
        for (LedgerEntry e : service.ledger().history(p.artifact().application())) {
            if (e.promotionId().equals(promotionId) && e.type() == EntryType.STATE_CHANGED
                    && e.state() == PromotionState.DEPLOYING) {
                break;
            }
            before.apply(e);
        }
        return before.environment(p.artifact().application(), p.environment()).lastKnownGood();
    }
}

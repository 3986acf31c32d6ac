package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the build page shows of one promotion; plain getters for the Jelly view. */
public final class PromotionView {

    private final Promotion promotion;
    private final List<Cell> route;
    private final List<LedgerEntry> gates;
    private final boolean canDecide;
    private String release = "";

    private PromotionView(Promotion promotion, List<Cell> route, List<LedgerEntry> gates, boolean canDecide) {
        this.promotion = promotion;
        this.route = route;
        this.gates = gates;
        this.canDecide = canDecide;
    }

    static PromotionView of(PromotionService service, String promotionId, boolean mayApprove) {
        Promotion p = service.promotion(promotionId);
        LedgerQueries ledger = service.ledger();
        Map<String, PromotionState> latest = new HashMap<>();
        for (LedgerEntry e : ledger.digestHistory(p.artifact().digest())) {
            if (e.type() == EntryType.STATE_CHANGED && e.application().equals(p.artifact().application())) {
                latest.put(e.environment(), e.state());
            }
        }
        boolean registered = ledger.registration(p.artifact().application(), p.artifact().digest()).isPresent();
        List<Cell> cells = new ArrayList<>();
        for (Environment env : service.route().environments()) {
            String status;
            if (env.role() == EnvironmentRole.ENTRY) {
                status = registered ? "registered" : "not reached";
            } else if (env.role() == EnvironmentRole.ORIGIN) {
                status = "source";
            } else {
                status = label(latest.get(env.name()));
            }
            cells.add(new Cell(env.name(), status, env.name().equals(p.environment())));
        }
        List<LedgerEntry> gates = ledger.promotionHistory(promotionId).stream()
                .filter(e -> e.type() == EntryType.GATE_VERDICT).toList();
        PromotionView view = new PromotionView(p, cells, gates, mayApprove && p.state() == PromotionState.AWAITING_APPROVAL);
        ledger.promotionHistory(promotionId).stream().filter(e -> e.type() == EntryType.MANIFEST_COMPONENT).findFirst()
                .ifPresent(e -> view.release = e.attribute(LedgerEntry.Attributes.MANIFEST) + " "
                        + e.attribute(LedgerEntry.Attributes.MANIFEST_VERSION));
        return view;
    }

    private static String label(PromotionState state) {
        if (state == null) {
            return "not reached";
        }
        switch (state) {
            case VERIFIED:
                return "passed";
            case FAILED:
                return "failed";
            case ROLLED_BACK:
                return "rolled back";
            case ROLLBACK_FAILED:
                return "rollback failed";
            case AWAITING_APPROVAL:
                return "awaiting approval";
            case REJECTED:
                return "rejected";
            default:
                return "in progress (" + state.label() + ")";
        }
    }

    public String getId() {
        return promotion.id();
    }

    public String getDescription() {
        return promotion.describe();
    }

    public String getDigest() {
        return promotion.artifact().digest().value();
    }

    public String getState() {
        return promotion.state().label();
    }

    public String getRequester() {
        return promotion.requester();
    }

    public List<Cell> getRoute() {
        return route;
    }

    /**
     * "shop-release 2026.11.1" when this is a component promotion of a release manifest, else "". Such a promotion is
     * approved or rejected on its own; the release deploys once all its component promotions are approved, and a
     * rejection of one rejects the release.
     */
    public String getRelease() {
        return release;
    }

    public boolean isAwaitingApproval() {
        return promotion.state() == PromotionState.AWAITING_APPROVAL;
    }

    public boolean isCanDecide() {
        return canDecide;
    }

    public boolean isApprovalRequired() {
        return promotion.approvals().policy().isRequired();
    }

    /** "Needs 2 approvals from members of release-managers, not dora who requested it." or "No approval needed." */
    public String getApprovalRule() {
        var policy = promotion.approvals().policy();
        if (!policy.isRequired()) {
            return "No approval needed.";
        }
        return "Needs " + policy.describe() + ", not " + promotion.requester() + " who requested it.";
    }

    /** The rule, and while the promotion awaits approval how many are still missing. */
    public String getApprovalStatus() {
        return getApprovalRule() + (isAwaitingApproval() ? " Still missing: " + getMissingApprovals() + "." : "");
    }

    public int getMissingApprovals() {
        return promotion.approvals().missing();
    }

    public List<ApprovalDecision> getDecisions() {
        return promotion.approvals().decisions();
    }

    public List<LedgerEntry> getGates() {
        return gates;
    }

    /** One environment of the route, as this artifact stands there. */
    public static final class Cell {
        private final String environment;
        private final String status;
        private final boolean target;

        Cell(String environment, String status, boolean target) {
            this.environment = environment;
            this.status = status;
            this.target = target;
        }

        public String getEnvironment() {
            return environment;
        }

        public String getStatus() {
            return status;
        }

        public boolean isTarget() {
            return target;
        }
    }
}

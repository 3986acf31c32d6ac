package io.jenkins.plugins.routetolive.actions;

import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** What the build page and its REST API show of one promotion: state, route row, approvals, gate verdicts. */
@ExportedBean(defaultVisibility = 2)
public final class PromotionView extends PromotionSummary {

    private final List<RouteCell> route;
    private final List<GateView> gates;
    private final String refusal;
    private final String release;

    private PromotionView(Promotion promotion, Instant requestedAt, List<RouteCell> route, List<GateView> gates,
                          String refusal, String release) {
        super(promotion, requestedAt);
        this.route = route;
        this.gates = gates;
        this.refusal = refusal;
        this.release = release;
    }

    static PromotionView of(PromotionService service, String promotionId, Run<?, ?> run, ReadableBuilds builds) {
        Promotion p = service.promotion(promotionId);
        LedgerQueries ledger = service.ledger();
        Instant requestedAt = ledger.promotion(promotionId).map(PromotionRecord::requestedAt).orElse(null);
        String release = ledger.promotionHistory(promotionId).stream().filter(e -> e.type() == EntryType.MANIFEST_COMPONENT)
                .findFirst().map(e -> e.attribute(LedgerEntry.Attributes.MANIFEST) + " "
                        + e.attribute(LedgerEntry.Attributes.MANIFEST_VERSION)).orElse("");
        return new PromotionView(p, requestedAt, route(service, p, run, builds), gates(ledger, promotionId, run),
                DecisionDesk.refusal(run.getParent(), p), release);
    }

    /** The artifact's state in each environment: the newest state change of its digest there, and whose it was. */
    private static List<RouteCell> route(PromotionService service, Promotion p, Run<?, ?> run, ReadableBuilds builds) {
        LedgerQueries ledger = service.ledger();
        Map<String, LedgerEntry> latest = new HashMap<>();
        for (LedgerEntry e : ledger.digestHistory(p.artifact().digest())) {
            if (e.type() == EntryType.STATE_CHANGED && e.application().equals(p.artifact().application())) {
                latest.put(e.environment(), e);
            }
        }
        var registration = ledger.registration(p.artifact().application(), p.artifact().digest());
        List<RouteCell> cells = new ArrayList<>();
        for (Environment env : service.route().environments()) {
            boolean target = env.name().equals(p.environment());
            if (env.role() == EnvironmentRole.ORIGIN) {
                cells.add(new RouteCell(env.name(), StateBadge.SOURCE, target, null, null, null, null));
            } else if (env.role() == EnvironmentRole.ENTRY) {
                String build = visible(registration.map(r -> r.buildReference()).orElse(null), builds);
                boolean ours = run.getExternalizableId().equals(build); // no link to the page it is on
                cells.add(new RouteCell(env.name(), registration.isPresent() ? StateBadge.REGISTERED : StateBadge.NOT_REACHED,
                        target, registration.map(r -> r.registeredAt()).orElse(null), build,
                        ours ? null : builds.name(build), ours ? null : pageOf(builds.url(build), null)));
            } else {
                LedgerEntry e = latest.get(env.name());
                String build = e == null ? null : visible(builds.buildOf(e.promotionId()), builds);
                boolean ours = run.getExternalizableId().equals(build);
                cells.add(new RouteCell(env.name(), StateBadge.of(e == null ? null : e.state()), target,
                        e == null ? null : e.time(), build, builds.name(build),
                        e == null ? null : ours ? "#promotion-" + e.promotionId() : pageOf(builds.url(build), e.promotionId())));
            }
        }
        return cells;
    }

    private static String visible(String buildRef, ReadableBuilds builds) {
        return buildRef != null && builds.readable(buildRef) ? buildRef : null;
    }

    private static String pageOf(String buildUrl, String promotionId) {
        if (buildUrl == null) {
            return null;
        }
        return buildUrl + PromotionAction.URL_NAME + "/" + (promotionId == null ? "" : "#promotion-" + promotionId);
    }

    private static List<GateView> gates(LedgerQueries ledger, String promotionId, Run<?, ?> run) {
        GateEvidence evidence = run.getAction(GateEvidence.class);
        Set<GateEvidence.Verdict> taken = new HashSet<>();
        List<GateView> gates = new ArrayList<>();
        for (LedgerEntry e : ledger.promotionHistory(promotionId)) {
            if (e.type() == EntryType.GATE_VERDICT) {
                gates.add(new GateView(e, evidence == null ? null : evidence.match(e, taken)));
            }
        }
        return gates;
    }

    @Exported(name = "promotionId")
    public String getId() {
        return promotion.id();
    }

    /** "shop 1.1.0 (sha256:ab12…) to production" */
    @Exported
    public String getDescription() {
        return promotion.describe();
    }

    /** The state as words: "awaiting approval", "verified". */
    public String getState() {
        return promotion.state().label();
    }

    /** The state as the REST API gives it: AWAITING_APPROVAL, VERIFIED, ROLLED_BACK… */
    @Exported(name = "state")
    public String getStateName() {
        return promotion.state().name();
    }

    public StateBadge getStateBadge() {
        return StateBadge.of(promotion.state());
    }

    /** Kept for callers of the first version of this view. */
    public String getRequester() {
        return promotion.requester();
    }

    @Exported(name = "requestedAt", skipNull = true)
    public String getRequestedAtIso() {
        return Moment.iso(requestedAt);
    }

    @Exported
    public List<RouteCell> getRoute() {
        return route;
    }

    /**
     * "shop-release 2026.11.1" when this is a component promotion of a release manifest, else "". Such a promotion is
     * approved or rejected on its own; the release deploys once all its component promotions are approved, and a
     * rejection of one rejects the release.
     */
    @Exported
    public String getRelease() {
        return release;
    }

    public boolean isAwaitingApproval() {
        return promotion.state() == PromotionState.AWAITING_APPROVAL;
    }

    /** Whether the user asking may approve or reject it now: the Approve permission and the engine's policy. */
    @Exported
    public boolean isMayDecide() {
        return refusal.isEmpty();
    }

    /** Kept for callers of the first version of this view. */
    public boolean isCanDecide() {
        return isMayDecide();
    }

    /** Why the user asking may not decide ("" when they may). */
    @Exported
    public String getRefusal() {
        return refusal;
    }

    public boolean isApprovalRequired() {
        return promotion.approvals().policy().isRequired();
    }

    @Exported
    public int getApprovalsRequired() {
        return promotion.approvals().policy().required();
    }

    /** "members of release-managers", "rita or ravi", "nobody". */
    @Exported
    public String getApprovers() {
        return promotion.approvals().policy().describeWhoMayApprove();
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

    @Exported
    public int getMissingApprovals() {
        return promotion.approvals().missing();
    }

    /** Distinct people who approved so far. */
    public int getApprovalsGiven() {
        return promotion.approvals().approvers().size();
    }

    @Exported
    public List<DecisionView> getDecisions() {
        return promotion.approvals().decisions().stream().map(DecisionView::new).toList();
    }

    @Exported
    public List<GateView> getGates() {
        return gates;
    }
}

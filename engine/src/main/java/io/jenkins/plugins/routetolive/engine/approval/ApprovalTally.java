package io.jenkins.plugins.routetolive.engine.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The approvals given so far for one promotion, checked against its policy. Immutable: each decision
 * returns a new tally. Approvers are counted by distinct person; the requester can never approve its
 * own promotion, and (if the policy says so) nor can anybody who approved the previous environment.
 */
public final class ApprovalTally {

    /** Where the approval stands. */
    public enum Status { PENDING, APPROVED, REJECTED }

    private final String environment;
    private final ApprovalPolicy policy;
    private final String requester;
    private final Set<String> previousApprovers;
    private final List<ApprovalDecision> decisions;

    public ApprovalTally(String environment, ApprovalPolicy policy, String requester, Set<String> previousApprovers,
                         List<ApprovalDecision> decisions) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.requester = Objects.requireNonNull(requester, "requester");
        this.previousApprovers = Set.copyOf(Objects.requireNonNullElse(previousApprovers, Set.of()));
        this.decisions = List.copyOf(Objects.requireNonNullElse(decisions, List.of()));
    }

    public static ApprovalTally open(String environment, ApprovalPolicy policy, String requester, Set<String> previousApprovers) {
        return new ApprovalTally(environment, policy, requester, previousApprovers, List.of());
    }

    /** Checks that the actor may decide, without recording anything; throws with the reason if not. */
    public boolean check(Actor actor) {
        if (status() != Status.PENDING) {
            throw new ApprovalRefusedException("The approval for " + environment + " is already " + status().name().toLowerCase()
                    + "; " + actor.id() + "'s decision was not recorded.");
        }
        if (decisions.stream().anyMatch(d -> d.actor().equals(actor.id()))) {
            throw new ApprovalRefusedException(actor.id() + " has already decided on this promotion to " + environment
                    + "; each approver counts once. Ask another approver: " + policy.describeWhoMayApprove() + ".");
        }
        if (!policy.names(actor)) {
            throw new ApprovalRefusedException("Only " + policy.describeWhoMayApprove() + " may approve "
                    + environment + "; you are " + actor.id() + ".");
        }
        boolean bypass = actor.has(Privilege.ADMINISTER) && policy.allowAdminBypass();
        if (actor.id().equals(requester) && !bypass) {
            throw new ApprovalRefusedException(actor.id() + " requested this promotion to " + environment
                    + " and cannot approve it (separation of duties). Ask another approver: "
                    + policy.describeWhoMayApprove() + ".");
        }
        if (policy.excludePreviousApprovers() && previousApprovers.contains(actor.id()) && !bypass) {
            throw new ApprovalRefusedException(actor.id() + " approved the previous environment and cannot also approve "
                    + environment + " (separation of duties). Ask another approver: " + policy.describeWhoMayApprove() + ".");
        }
        return bypass && (actor.id().equals(requester) || previousApprovers.contains(actor.id()));
    }

    /** Records an approval; throws {@link ApprovalRefusedException} when the policy does not accept this actor. */
    public ApprovalTally approve(Actor actor, String comment, Instant at) {
        boolean bypass = check(actor);
        return with(new ApprovalDecision(actor.id(), true, comment, at, bypass));
    }

    /** Records a rejection; one rejection by an eligible approver ends the promotion. */
    public ApprovalTally reject(Actor actor, String comment, Instant at) {
        boolean bypass = check(actor);
        return with(new ApprovalDecision(actor.id(), false, comment, at, bypass));
    }

    /** Adds an already-validated decision (rebuilding a tally from the ledger). */
    public ApprovalTally with(ApprovalDecision decision) {
        List<ApprovalDecision> next = new ArrayList<>(decisions);
        next.add(decision);
        return new ApprovalTally(environment, policy, requester, previousApprovers, next);
    }

    public Status status() {
        if (decisions.stream().anyMatch(d -> !d.approved())) {
            return Status.REJECTED;
        }
        return approvers().size() >= policy.required() ? Status.APPROVED : Status.PENDING;
    }

    /** Distinct people who approved, in the order they did. */
    public List<String> approvers() {
        return decisions.stream().filter(ApprovalDecision::approved).map(ApprovalDecision::actor).distinct().toList();
    }

    public int missing() {
        return Math.max(0, policy.required() - approvers().size());
    }

    public List<ApprovalDecision> decisions() {
        return decisions;
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    public String requester() {
        return requester;
    }

    public String environment() {
        return environment;
    }
}

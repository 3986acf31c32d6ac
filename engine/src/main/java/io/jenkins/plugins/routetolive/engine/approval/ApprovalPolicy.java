package io.jenkins.plugins.routetolive.engine.approval;

import java.util.Objects;
import java.util.Set;

/**
 * Who must sign off before an artifact may enter an environment.
 *
 * @param required              number of distinct approvers needed; 0 means no approval
 * @param groups                groups whose members may approve
 * @param users                 individual users who may approve
 * @param excludePreviousApprovers when true, nobody who approved the previous environment may approve this one
 * @param allowAdminBypass      when true, an administrator may approve despite separation of duties (recorded)
 */
public record ApprovalPolicy(int required, Set<String> groups, Set<String> users, boolean excludePreviousApprovers,
                             boolean allowAdminBypass) {

    private static final ApprovalPolicy NONE = new ApprovalPolicy(0, Set.of(), Set.of(), false, false);

    public ApprovalPolicy {
        groups = Set.copyOf(Objects.requireNonNullElse(groups, Set.of()));
        users = Set.copyOf(Objects.requireNonNullElse(users, Set.of()));
        if (required < 0) {
            throw new IllegalArgumentException("approvals required must be 0 or more, but was " + required);
        }
        if (required > 0 && groups.isEmpty() && users.isEmpty()) {
            throw new IllegalArgumentException("approvals required is " + required
                    + " but no approver groups or users are named: name who may approve");
        }
        if (groups.isEmpty() && required > users.size()) {
            throw new IllegalArgumentException("approvals required is " + required + " but only " + users.size()
                    + " approver users are named and no groups: the quorum could never be reached");
        }
    }

    public static ApprovalPolicy none() {
        return NONE;
    }

    public static ApprovalPolicy of(int required, String... groups) {
        return new ApprovalPolicy(required, Set.of(groups), Set.of(), false, false);
    }

    public boolean isRequired() {
        return required > 0;
    }

    /** Whether this actor is one of the people named as approvers (groups or users). */
    public boolean names(Actor actor) {
        return users.contains(actor.id()) || actor.inAnyOf(groups);
    }

    /** "release-managers, alice" for messages. */
    public String describeApprovers() {
        StringBuilder text = new StringBuilder();
        groups.stream().sorted().forEach(g -> text.append(text.isEmpty() ? "" : ", ").append(g));
        users.stream().sorted().forEach(u -> text.append(text.isEmpty() ? "" : ", ").append(u));
        return text.toString();
    }

    /**
     * Who may approve, telling groups from users, for sentences such as "Only … may approve test":
     * "members of release-managers", "tess", "rita or ravi", "members of testers or qa, or tess";
     * "nobody" when no approval is needed.
     */
    public String describeWhoMayApprove() {
        String members = groups.isEmpty() ? "" : "members of " + or(groups);
        String people = or(users);
        if (members.isEmpty()) {
            return people.isEmpty() ? "nobody" : people;
        }
        return people.isEmpty() ? members : members + ", or " + people;
    }

    /**
     * The rule as one phrase: "1 approval from members of testers", "2 approvals from rita or ravi",
     * or "no approval needed".
     */
    public String describe() {
        if (!isRequired()) {
            return "no approval needed";
        }
        return required + " approval" + (required == 1 ? "" : "s") + " from " + describeWhoMayApprove();
    }

    private static String or(Set<String> names) {
        var sorted = names.stream().sorted().toList();
        if (sorted.size() <= 1) {
            return String.join("", sorted);
        }
        return String.join(", ", sorted.subList(0, sorted.size() - 1)) + " or " + sorted.get(sorted.size() - 1);
    }
}

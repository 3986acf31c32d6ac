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
}

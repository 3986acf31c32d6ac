package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One environment of a route and the rules that guard it.
 *
 * @param name             unique within the route, e.g. "production"
 * @param role             origin (Local), entry (Build) or deploy
 * @param approval         who must sign off before an artifact enters
 * @param freezeWindows    when promotion into it is refused without an override
 * @param overrideGroups   who may override a freeze (empty: anyone with the override privilege)
 * @param singleVersion    whether only one version of an application may be in flight here at once
 * @param gates            gate defaults
 * @param rehearseRollback whether each release must rehearse its rollback here before it counts as verified
 */
public record Environment(String name, EnvironmentRole role, ApprovalPolicy approval, List<FreezeWindow> freezeWindows,
                          Set<String> overrideGroups, boolean singleVersion, GateDefaults gates, boolean rehearseRollback) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    public Environment {
        Objects.requireNonNull(name, "environment name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment name must be 1 to 32 lower-case letters, digits or '-', "
                    + "starting and ending with a letter or digit, but was '" + name + "'");
        }
        Objects.requireNonNull(role, "environment '" + name + "': role must not be null");
        approval = Objects.requireNonNullElse(approval, ApprovalPolicy.none());
        freezeWindows = List.copyOf(Objects.requireNonNullElse(freezeWindows, List.of()));
        overrideGroups = Set.copyOf(Objects.requireNonNullElse(overrideGroups, Set.of()));
        gates = Objects.requireNonNullElse(gates, GateDefaults.STANDARD);
        if (role != EnvironmentRole.DEPLOY && (approval.isRequired() || rehearseRollback || singleVersion)) {
            throw new IllegalArgumentException("environment '" + name + "' is the route's " + role.name().toLowerCase()
                    + ": nothing is deployed there, so it cannot require approvals, single-version or rollback rehearsal");
        }
    }

    /** The freeze window covering this instant, if any. */
    public Optional<FreezeWindow> freezeAt(Instant instant) {
        return freezeWindows.stream().filter(w -> w.covers(instant)).findFirst();
    }

    /** A deploy environment with no approvals, freezes or single-version rule. */
    public static Environment deploy(String name) {
        return new Environment(name, EnvironmentRole.DEPLOY, ApprovalPolicy.none(), List.of(), Set.of(), false,
                GateDefaults.STANDARD, false);
    }

    public Environment withApproval(ApprovalPolicy policy) {
        return new Environment(name, role, policy, freezeWindows, overrideGroups, singleVersion, gates, rehearseRollback);
    }

    public Environment withFreezeWindows(List<FreezeWindow> windows, Set<String> overriders) {
        return new Environment(name, role, approval, windows, overriders, singleVersion, gates, rehearseRollback);
    }

    public Environment withSingleVersion(boolean single) {
        return new Environment(name, role, approval, freezeWindows, overrideGroups, single, gates, rehearseRollback);
    }

    public Environment withGates(GateDefaults defaults) {
        return new Environment(name, role, approval, freezeWindows, overrideGroups, singleVersion, defaults, rehearseRollback);
    }

    public Environment withRollbackRehearsal(boolean rehearse) {
        return new Environment(name, role, approval, freezeWindows, overrideGroups, singleVersion, gates, rehearse);
    }
}

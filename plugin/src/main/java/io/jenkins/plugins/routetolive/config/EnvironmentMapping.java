package io.jenkins.plugins.routetolive.config;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates between the administrator's {@link EnvironmentConfig} (strings and numbers for forms and
 * configuration as code) and the engine's {@link Environment}, which validates and refuses with its own
 * messages. Weekly freeze windows only: dated windows live in route YAML for the engine.
 */
final class EnvironmentMapping {

    private EnvironmentMapping() {
    }

    static EnvironmentConfig toConfig(Environment e) {
        EnvironmentConfig c = new EnvironmentConfig(e.name(), e.role().name().toLowerCase(Locale.ROOT));
        ApprovalPolicy a = e.approval();
        c.setApprovalsRequired(a.required());
        c.setApproverGroups(String.join(", ", a.groups().stream().sorted().toList()));
        c.setApproverUsers(String.join(", ", a.users().stream().sorted().toList()));
        c.setExcludePreviousApprovers(a.excludePreviousApprovers());
        c.setAllowAdminBypass(a.allowAdminBypass());
        List<FreezeWindowConfig> windows = new ArrayList<>();
        for (FreezeWindow w : e.freezeWindows()) {
            if (w instanceof WeeklyFreezeWindow weekly) {
                windows.add(FreezeWindowConfig.from(weekly));
            }
        }
        c.setFreezeWindows(windows);
        c.setOverrideGroups(String.join(", ", e.overrideGroups().stream().sorted().toList()));
        c.setSingleVersion(e.singleVersion());
        c.setRehearseRollback(e.rehearseRollback());
        GateDefaults g = e.gates();
        c.setGateIntervalSeconds((int) Math.max(1, g.interval().toSeconds()));
        c.setGateTimeoutSeconds((int) Math.max(1, g.timeout().toSeconds()));
        c.setGateSuccessThreshold(g.successThreshold());
        c.setGateFailureThreshold(g.failureThreshold());
        c.setGateDeadlineSeconds((int) Math.max(1, g.deadline().toSeconds()));
        c.setGateSoakSeconds((int) g.soak().toSeconds());
        return c;
    }

    static Environment toEnvironment(EnvironmentConfig c) {
        EnvironmentRole role;
        try {
            role = EnvironmentRole.valueOf(c.getRole().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment '" + c.getName() + "': role must be origin, entry or deploy, "
                    + "but was '" + c.getRole() + "'", e);
        }
        Set<String> groups = names(c.getApproverGroups());
        Set<String> users = names(c.getApproverUsers());
        ApprovalPolicy approval = c.getApprovalsRequired() == 0 && groups.isEmpty() && users.isEmpty()
                ? ApprovalPolicy.none()
                : new ApprovalPolicy(c.getApprovalsRequired(), groups, users, c.isExcludePreviousApprovers(),
                        c.isAllowAdminBypass());
        List<FreezeWindow> windows = c.getFreezeWindows().stream().map(FreezeWindowConfig::toFreezeWindow).toList();
        return new Environment(c.getName(), role, approval, windows, names(c.getOverrideGroups()), c.isSingleVersion(),
                gateDefaults(c), c.isRehearseRollback());
    }

    private static GateDefaults gateDefaults(EnvironmentConfig c) {
        return new GateDefaults(Duration.ofSeconds(c.getGateIntervalSeconds()), Duration.ofSeconds(c.getGateTimeoutSeconds()),
                c.getGateSuccessThreshold(), c.getGateFailureThreshold(), Duration.ofSeconds(c.getGateDeadlineSeconds()),
                Duration.ofSeconds(c.getGateSoakSeconds()));
    }

    /** "release-managers, qa" or "rita ravi" → the names, in order, without blanks. */
    static Set<String> names(String commaSeparated) {
        Set<String> names = new LinkedHashSet<>();
        if (commaSeparated != null) {
            Arrays.stream(commaSeparated.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        return names;
    }
}

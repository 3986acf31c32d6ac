package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
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
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** One environment of a route as the administrator configures it; {@link #toEnvironment()} gives the engine's view. */
public final class EnvironmentConfig implements Describable<EnvironmentConfig> {

    private final String name;
    private final String role;
    private int approvalsRequired;
    private String approverGroups = "";
    private String approverUsers = "";
    private boolean excludePreviousApprovers;
    private boolean allowAdminBypass;
    private List<FreezeWindowConfig> freezeWindows = new ArrayList<>();
    private String overrideGroups = "";
    private boolean singleVersion;
    private boolean rehearseRollback;
    private int gateIntervalSeconds = (int) GateDefaults.STANDARD.interval().toSeconds();
    private int gateTimeoutSeconds = (int) GateDefaults.STANDARD.timeout().toSeconds();
    private int gateSuccessThreshold = GateDefaults.STANDARD.successThreshold();
    private int gateFailureThreshold = GateDefaults.STANDARD.failureThreshold();
    private int gateDeadlineSeconds = (int) GateDefaults.STANDARD.deadline().toSeconds();
    private int gateSoakSeconds;
    private String kubernetesServerUrl = "";
    private String kubernetesNamespace = "";
    private String kubernetesCredentialsId = "";

    /** @param role "origin", "entry" or "deploy" */
    @DataBoundConstructor
    public EnvironmentConfig(String name, String role) {
        this.name = name;
        this.role = role == null || role.isBlank() ? "deploy" : role.trim().toLowerCase(Locale.ROOT);
    }

    /** The configuration that gives this engine environment back (weekly freeze windows only). */
    public static EnvironmentConfig from(Environment e) {
        EnvironmentConfig c = new EnvironmentConfig(e.name(), e.role().name().toLowerCase(Locale.ROOT));
        ApprovalPolicy a = e.approval();
        c.approvalsRequired = a.required();
        c.approverGroups = String.join(", ", a.groups().stream().sorted().toList());
        c.approverUsers = String.join(", ", a.users().stream().sorted().toList());
        c.excludePreviousApprovers = a.excludePreviousApprovers();
        c.allowAdminBypass = a.allowAdminBypass();
        for (FreezeWindow w : e.freezeWindows()) {
            if (w instanceof WeeklyFreezeWindow weekly) {
                c.freezeWindows.add(FreezeWindowConfig.from(weekly));
            }
        }
        c.overrideGroups = String.join(", ", e.overrideGroups().stream().sorted().toList());
        c.singleVersion = e.singleVersion();
        c.rehearseRollback = e.rehearseRollback();
        GateDefaults g = e.gates();
        c.gateIntervalSeconds = (int) Math.max(1, g.interval().toSeconds());
        c.gateTimeoutSeconds = (int) Math.max(1, g.timeout().toSeconds());
        c.gateSuccessThreshold = g.successThreshold();
        c.gateFailureThreshold = g.failureThreshold();
        c.gateDeadlineSeconds = (int) Math.max(1, g.deadline().toSeconds());
        c.gateSoakSeconds = (int) g.soak().toSeconds();
        return c;
    }

    /** The engine's environment; the engine refuses inconsistent settings with a message naming the field. */
    public Environment toEnvironment() {
        EnvironmentRole r;
        try {
            r = EnvironmentRole.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment '" + name + "': role must be origin, entry or deploy, but was '"
                    + role + "'", e);
        }
        ApprovalPolicy approval = approvalsRequired == 0 && names(approverGroups).isEmpty() && names(approverUsers).isEmpty()
                ? ApprovalPolicy.none()
                : new ApprovalPolicy(approvalsRequired, names(approverGroups), names(approverUsers), excludePreviousApprovers,
                        allowAdminBypass);
        List<FreezeWindow> windows = freezeWindows.stream().map(FreezeWindowConfig::toFreezeWindow).toList();
        return new Environment(name, r, approval, windows, names(overrideGroups), singleVersion, gateDefaults(),
                rehearseRollback);
    }

    private GateDefaults gateDefaults() {
        return new GateDefaults(Duration.ofSeconds(gateIntervalSeconds), Duration.ofSeconds(gateTimeoutSeconds),
                gateSuccessThreshold, gateFailureThreshold, Duration.ofSeconds(gateDeadlineSeconds),
                Duration.ofSeconds(gateSoakSeconds));
    }

    static Set<String> names(String commaSeparated) {
        Set<String> names = new LinkedHashSet<>();
        if (commaSeparated != null) {
            Arrays.stream(commaSeparated.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        return names;
    }

    public String getName() {
        return name;
    }

    public String getRole() {
        return role;
    }

    public int getApprovalsRequired() {
        return approvalsRequired;
    }

    @DataBoundSetter
    public void setApprovalsRequired(int approvalsRequired) {
        this.approvalsRequired = approvalsRequired;
    }

    public String getApproverGroups() {
        return approverGroups;
    }

    @DataBoundSetter
    public void setApproverGroups(String approverGroups) {
        this.approverGroups = approverGroups == null ? "" : approverGroups;
    }

    public String getApproverUsers() {
        return approverUsers;
    }

    @DataBoundSetter
    public void setApproverUsers(String approverUsers) {
        this.approverUsers = approverUsers == null ? "" : approverUsers;
    }

    public boolean isExcludePreviousApprovers() {
        return excludePreviousApprovers;
    }

    @DataBoundSetter
    public void setExcludePreviousApprovers(boolean excludePreviousApprovers) {
        this.excludePreviousApprovers = excludePreviousApprovers;
    }

    public boolean isAllowAdminBypass() {
        return allowAdminBypass;
    }

    @DataBoundSetter
    public void setAllowAdminBypass(boolean allowAdminBypass) {
        this.allowAdminBypass = allowAdminBypass;
    }

    public List<FreezeWindowConfig> getFreezeWindows() {
        return freezeWindows;
    }

    @DataBoundSetter
    public void setFreezeWindows(List<FreezeWindowConfig> freezeWindows) {
        this.freezeWindows = freezeWindows == null ? new ArrayList<>() : new ArrayList<>(freezeWindows);
    }

    public String getOverrideGroups() {
        return overrideGroups;
    }

    @DataBoundSetter
    public void setOverrideGroups(String overrideGroups) {
        this.overrideGroups = overrideGroups == null ? "" : overrideGroups;
    }

    public boolean isSingleVersion() {
        return singleVersion;
    }

    @DataBoundSetter
    public void setSingleVersion(boolean singleVersion) {
        this.singleVersion = singleVersion;
    }

    public boolean isRehearseRollback() {
        return rehearseRollback;
    }

    @DataBoundSetter
    public void setRehearseRollback(boolean rehearseRollback) {
        this.rehearseRollback = rehearseRollback;
    }

    public int getGateIntervalSeconds() {
        return gateIntervalSeconds;
    }

    @DataBoundSetter
    public void setGateIntervalSeconds(int gateIntervalSeconds) {
        this.gateIntervalSeconds = gateIntervalSeconds;
    }

    public int getGateTimeoutSeconds() {
        return gateTimeoutSeconds;
    }

    @DataBoundSetter
    public void setGateTimeoutSeconds(int gateTimeoutSeconds) {
        this.gateTimeoutSeconds = gateTimeoutSeconds;
    }

    public int getGateSuccessThreshold() {
        return gateSuccessThreshold;
    }

    @DataBoundSetter
    public void setGateSuccessThreshold(int gateSuccessThreshold) {
        this.gateSuccessThreshold = gateSuccessThreshold;
    }

    public int getGateFailureThreshold() {
        return gateFailureThreshold;
    }

    @DataBoundSetter
    public void setGateFailureThreshold(int gateFailureThreshold) {
        this.gateFailureThreshold = gateFailureThreshold;
    }

    public int getGateDeadlineSeconds() {
        return gateDeadlineSeconds;
    }

    @DataBoundSetter
    public void setGateDeadlineSeconds(int gateDeadlineSeconds) {
        this.gateDeadlineSeconds = gateDeadlineSeconds;
    }

    public int getGateSoakSeconds() {
        return gateSoakSeconds;
    }

    @DataBoundSetter
    public void setGateSoakSeconds(int gateSoakSeconds) {
        this.gateSoakSeconds = gateSoakSeconds;
    }

    public String getKubernetesServerUrl() {
        return kubernetesServerUrl;
    }

    @DataBoundSetter
    public void setKubernetesServerUrl(String kubernetesServerUrl) {
        this.kubernetesServerUrl = kubernetesServerUrl == null ? "" : kubernetesServerUrl.trim();
    }

    public String getKubernetesNamespace() {
        return kubernetesNamespace;
    }

    @DataBoundSetter
    public void setKubernetesNamespace(String kubernetesNamespace) {
        this.kubernetesNamespace = kubernetesNamespace == null ? "" : kubernetesNamespace.trim();
    }

    public String getKubernetesCredentialsId() {
        return kubernetesCredentialsId;
    }

    @DataBoundSetter
    public void setKubernetesCredentialsId(String kubernetesCredentialsId) {
        this.kubernetesCredentialsId = kubernetesCredentialsId == null ? "" : kubernetesCredentialsId.trim();
    }

    private Object readResolve() {
        if (freezeWindows == null) {
            freezeWindows = new ArrayList<>();
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<EnvironmentConfig> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    @Extension
    @Symbol("environment")
    public static final class DescriptorImpl extends Descriptor<EnvironmentConfig> {
        @Override
        public String getDisplayName() {
            return "Environment";
        }

        public ListBoxModel doFillRoleItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Deploy (promotions go here)", "deploy");
            items.add("Entry (artifacts are registered here)", "entry");
            items.add("Origin (where code is written)", "origin");
            return items;
        }
    }
}

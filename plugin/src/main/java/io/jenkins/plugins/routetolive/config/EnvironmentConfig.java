package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        return EnvironmentMapping.toConfig(e);
    }

    /** The engine's environment; the engine refuses inconsistent settings with a message naming the field. */
    public Environment toEnvironment() {
        return EnvironmentMapping.toEnvironment(this);
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

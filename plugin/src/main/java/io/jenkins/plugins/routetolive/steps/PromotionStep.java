package io.jenkins.plugins.routetolive.steps;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code promote} and {@code withPromotion} both take: the artifact and the environment, the gates,
 * the Kubernetes Deployment whose rollout is part of the gate, and the change-control options. The two
 * steps differ only in who deploys: the plugin ({@link PromoteStep}) or the step's block ({@link WithPromotionStep}).
 */
public abstract class PromotionStep extends Step {

    private final String application;
    private final String environment;
    private String digest = "";
    private String version = "";
    private String namespace = "";
    private String deploymentName = "";
    private String container = "";
    private String healthUrl = "";
    private String tcpAddress = "";
    private String freezeOverrideReason = "";
    private int approvalTimeoutHours = PromotionOrder.DEFAULT_APPROVAL_TIMEOUT_HOURS;
    private boolean refuseIfBusy;

    protected PromotionStep(String application, String environment) {
        this.application = StepSupport.trim(application);
        this.environment = StepSupport.trim(environment);
    }

    public String getApplication() {
        return application;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = StepSupport.trim(digest);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = StepSupport.trim(version);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = StepSupport.trim(namespace);
    }

    public String getDeploymentName() {
        return deploymentName;
    }

    @DataBoundSetter
    public void setDeploymentName(String deploymentName) {
        this.deploymentName = StepSupport.trim(deploymentName);
    }

    public String getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(String container) {
        this.container = StepSupport.trim(container);
    }

    public String getHealthUrl() {
        return healthUrl;
    }

    @DataBoundSetter
    public void setHealthUrl(String healthUrl) {
        this.healthUrl = StepSupport.trim(healthUrl);
    }

    public String getTcpAddress() {
        return tcpAddress;
    }

    @DataBoundSetter
    public void setTcpAddress(String tcpAddress) {
        this.tcpAddress = StepSupport.trim(tcpAddress);
    }

    public String getFreezeOverrideReason() {
        return freezeOverrideReason;
    }

    @DataBoundSetter
    public void setFreezeOverrideReason(String freezeOverrideReason) {
        this.freezeOverrideReason = StepSupport.trim(freezeOverrideReason);
    }

    public int getApprovalTimeoutHours() {
        return approvalTimeoutHours;
    }

    @DataBoundSetter
    public void setApprovalTimeoutHours(int approvalTimeoutHours) {
        this.approvalTimeoutHours = approvalTimeoutHours;
    }

    public boolean isRefuseIfBusy() {
        return refuseIfBusy;
    }

    @DataBoundSetter
    public void setRefuseIfBusy(boolean refuseIfBusy) {
        this.refuseIfBusy = refuseIfBusy;
    }
}

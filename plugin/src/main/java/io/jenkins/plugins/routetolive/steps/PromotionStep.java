package io.jenkins.plugins.routetolive.steps;

import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code promote} and {@code withPromotion} both take: the artifact and the environment, the change-control
 * options, and (from {@link GatedStep}) the gates and the Kubernetes Deployment whose rollout is part of them. The two
 * steps differ only in who deploys: the plugin ({@link PromoteStep}) or the step's block ({@link WithPromotionStep}).
 */
public abstract class PromotionStep extends GatedStep {

    private final String application;
    private final String environment;
    private String digest = "";
    private String version = "";
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

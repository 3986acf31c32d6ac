package io.jenkins.plugins.routetolive.steps;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Promotes a registered artifact into the next environment of the job's route: the rules are checked,
 * approvals awaited (without holding an executor), the artifact deployed (by Kubernetes, externally, or
 * by the step's body) and gated; a failed gate rolls back and fails the build.
 */
public final class PromoteStep extends Step {

    private final String application;
    private final String environment;
    private String digest = "";
    private String version = "";
    private String deployment = DeploymentSpec.EXTERNAL;
    private String namespace = "";
    private String deploymentName = "";
    private String container = "";
    private String strategy = "rolling";
    private String blueGreenService = "";
    private String canarySteps = "";
    private String healthUrl = "";
    private String tcpAddress = "";
    private String freezeOverrideReason = "";
    private int approvalTimeoutHours = 72;
    private boolean refuseIfBusy;

    @DataBoundConstructor
    public PromoteStep(String application, String environment) {
        this.application = application;
        this.environment = environment;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DeploymentSpec spec = new DeploymentSpec(context.hasBody() ? DeploymentSpec.PIPELINE : deployment, namespace,
                deploymentName, container, strategy, blueGreenService, canarySteps, healthUrl, tcpAddress);
        return new PromoteExecution(context, this, spec);
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

    public String getDeployment() {
        return deployment;
    }

    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = StepSupport.trim(deployment).isEmpty() ? DeploymentSpec.EXTERNAL : StepSupport.trim(deployment);
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

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = StepSupport.trim(strategy).isEmpty() ? "rolling" : StepSupport.trim(strategy);
    }

    public String getBlueGreenService() {
        return blueGreenService;
    }

    @DataBoundSetter
    public void setBlueGreenService(String blueGreenService) {
        this.blueGreenService = StepSupport.trim(blueGreenService);
    }

    public String getCanarySteps() {
        return canarySteps;
    }

    @DataBoundSetter
    public void setCanarySteps(String canarySteps) {
        this.canarySteps = StepSupport.trim(canarySteps);
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

    @Extension
    @Symbol("promote")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "promote";
        }

        @Override
        public String getDisplayName() {
            return "Promote an artifact into the next environment of the route";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        public ListBoxModel doFillDeploymentItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("External (the gate checks what is already running)", DeploymentSpec.EXTERNAL);
            items.add("Kubernetes", DeploymentSpec.KUBERNETES);
            return items;
        }

        public ListBoxModel doFillStrategyItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Rolling update", "rolling");
            items.add("Blue/green", "blueGreen");
            items.add("Canary", "canary");
            return items;
        }
    }
}

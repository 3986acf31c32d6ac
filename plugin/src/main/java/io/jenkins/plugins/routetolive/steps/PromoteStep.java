package io.jenkins.plugins.routetolive.steps;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Promotes a registered artifact into an environment of the job's route: the rules are checked,
 * approvals awaited (without holding an executor), the artifact deployed by the plugin (Kubernetes) or
 * left to whatever deployed it (external), and gated; a failed gate rolls back and fails the build.
 * Takes no block: when the pipeline's own steps are the deployment, {@link WithPromotionStep} is the step.
 */
public final class PromoteStep extends PromotionStep {

    private String deployment = DeploymentSpec.EXTERNAL;
    private String strategy = DeploymentSpec.ROLLING;
    private String blueGreenService = "";
    private String canarySteps = "";

    @DataBoundConstructor
    public PromoteStep(String application, String environment) {
        super(application, environment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DeploymentSpec spec = DeploymentSpec.byPlugin(deployment, getNamespace(), getDeploymentName(), getContainer(),
                strategy, blueGreenService, canarySteps, getHealthUrl(), getTcpAddress());
        return new PromoteExecution(context, PromotionOrder.of(this, context), spec);
    }

    public String getDeployment() {
        return deployment;
    }

    @DataBoundSetter
    public void setDeployment(String deployment) {
        String given = StepSupport.trim(deployment);
        this.deployment = given.isEmpty() ? DeploymentSpec.EXTERNAL : given;
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        String given = StepSupport.trim(strategy);
        this.strategy = given.isEmpty() ? DeploymentSpec.ROLLING : given;
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

        public ListBoxModel doFillDeploymentItems() {
            return StepSupport.deploymentItems();
        }

        public ListBoxModel doFillStrategyItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Rolling update", DeploymentSpec.ROLLING);
            items.add("Blue/green", DeploymentSpec.BLUE_GREEN);
            items.add("Canary", DeploymentSpec.CANARY);
            return items;
        }
    }
}

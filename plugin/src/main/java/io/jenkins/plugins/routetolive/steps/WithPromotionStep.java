package io.jenkins.plugins.routetolive.steps;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A promotion whose deployment is the step's block: the rules and approvals are checked first, the block
 * runs only once they allow it (with the promotion in its environment variables), and the gates verify
 * what it did. Pipeline requires a block for this step; {@link PromoteStep} is the form without one.
 */
public final class WithPromotionStep extends PromotionStep {

    @DataBoundConstructor
    public WithPromotionStep(String application, String environment) {
        super(application, environment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DeploymentSpec spec = DeploymentSpec.byPipeline(getNamespace(), getDeploymentName(), getContainer(),
                getHealthUrl(), getTcpAddress());
        return new PromoteExecution(context, PromotionOrder.of(this, context), spec);
    }

    @Extension
    @Symbol("withPromotion")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "withPromotion";
        }

        @Override
        public String getDisplayName() {
            return "Promote an artifact with the pipeline's own deployment steps";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}

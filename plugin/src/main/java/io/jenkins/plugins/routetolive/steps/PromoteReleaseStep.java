package io.jenkins.plugins.routetolive.steps;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Promotes every component of a release manifest into one environment together. Takes the manifest's content, so
 * a pipeline reads the file inside {@code node} ({@code readFile}) and calls this step outside it: approvals are
 * awaited without an executor or a thread, each component promotion on the build page, and the deployment runs
 * without a node. Components with a {@code kubernetes} target in the manifest are deployed by the plugin; the others
 * were deployed by something else and are verified by the health URL made from {@code healthUrlPattern}.
 */
public final class PromoteReleaseStep extends Step {

    private final String manifest;
    private final String environment;
    private String healthUrlPattern = "";
    private String freezeOverrideReason = "";
    private int approvalTimeoutHours = PromotionOrder.DEFAULT_APPROVAL_TIMEOUT_HOURS;

    /**
     * @param manifest    the release manifest's content (YAML or JSON), e.g. {@code readFile('release.yaml')}
     * @param environment the environment of the job's route to promote it into
     */
    @DataBoundConstructor
    public PromoteReleaseStep(String manifest, String environment) {
        this.manifest = manifest == null ? "" : manifest; // YAML: leading indentation may matter, so not trimmed
        this.environment = StepSupport.trim(environment);
    }

    public String getManifest() {
        return manifest;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getHealthUrlPattern() {
        return healthUrlPattern;
    }

    @DataBoundSetter
    public void setHealthUrlPattern(String healthUrlPattern) {
        this.healthUrlPattern = StepSupport.trim(healthUrlPattern);
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

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new PromoteReleaseExecution(context, ReleaseOrder.of(this, context));
    }

    @Extension
    @Symbol("promoteRelease")
    public static final class DescriptorImpl extends StepDescriptor {

        /** No workspace and no node: the manifest comes as text, and nothing is deployed from an agent. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "promoteRelease";
        }

        @Override
        public String getDisplayName() {
            return "Promote every component of a release manifest";
        }
    }
}

package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOutcome;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.runtime.EphemeralSpec;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Deploys a registered artifact into the ephemeral environment of this build's branch or change request of a
 * multibranch project: a namespace of its own, copied from the template environment the administrator names, gated,
 * recorded in the ledger (never a promotion), and torn down when the branch's job is deleted or its time to live ends.
 * Returns {@code [namespace:, url:, expiresAt:, version:, digest:]}.
 */
public final class EphemeralEnvironmentStep extends Step {

    static final String NAME = "ephemeralEnvironment";

    private final String application;
    private String digest = "";
    private String version = "";
    private String deploymentName = "";
    private String serviceName = "";
    private String container = "";
    private String healthUrl = "";

    @DataBoundConstructor
    public EphemeralEnvironmentStep(String application) {
        this.application = StepSupport.trim(application);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, new EphemeralSpec(application, digest, version, deploymentName, serviceName, container,
                healthUrl));
    }

    public String getApplication() {
        return application;
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

    public String getDeploymentName() {
        return deploymentName;
    }

    @DataBoundSetter
    public void setDeploymentName(String deploymentName) {
        this.deploymentName = StepSupport.trim(deploymentName);
    }

    public String getServiceName() {
        return serviceName;
    }

    @DataBoundSetter
    public void setServiceName(String serviceName) {
        this.serviceName = StepSupport.trim(serviceName);
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

    /**
     * Keeps only the step's parameters; nothing waits on a thread: the engine's future completes the step. After a
     * restart the deployment is made again (the namespace and its copies are reused, the image set again, the gate
     * evaluated from scratch).
     */
    static final class Execution extends OnceCompletingExecution {

        private static final long serialVersionUID = 1L;

        private final EphemeralSpec spec;

        Execution(StepContext context, EphemeralSpec spec) {
            super(context);
            this.spec = spec;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            EphemeralOwner owner = BranchOfBuild.owner(run.getParent(), spec.application(), NAME);
            listener.getLogger().println("Ephemeral environment of " + spec.application() + " for "
                    + BranchOfBuild.describe(run.getParent()) + ".");
            RouteToLive.get().branchEnvironments().deploy(spec, owner, run, listener).whenComplete((outcome, error) -> {
                if (error != null) {
                    fail(StepSupport.refusal(error));
                } else if (!outcome.passed()) {
                    fail(new AbortException(outcome.message()));
                } else {
                    succeed(result(outcome));
                }
            });
            return false;
        }

        private static Map<String, String> result(EphemeralOutcome outcome) {
            EphemeralRecord r = outcome.record().orElseThrow();
            Map<String, String> result = new LinkedHashMap<>();
            result.put("namespace", r.namespace());
            result.put("url", r.url());
            result.put("expiresAt", r.expiresAt().toString());
            result.put("version", r.version());
            result.put("digest", r.digest().value());
            return result;
        }

        @Override
        public void onResume() {
            try {
                getContext().get(TaskListener.class).getLogger().println("Jenkins restarted while the ephemeral environment "
                        + "of " + spec.application() + " was being deployed; deploying it again (its namespace is reused).");
                start();
            } catch (Exception e) {
                fail(e);
            }
        }

        /** The deployment goes on to its end and is recorded; the build stops waiting for it. */
        @Override
        public void stop(@NonNull Throwable cause) {
            fail(cause);
        }

        @Override
        public String getStatus() {
            return "deploying " + spec.application() + " into its ephemeral environment";
        }
    }

    @Extension
    @Symbol(NAME)
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return NAME;
        }

        @Override
        public String getDisplayName() {
            return "Deploy into the ephemeral environment of this branch or change request";
        }
    }
}

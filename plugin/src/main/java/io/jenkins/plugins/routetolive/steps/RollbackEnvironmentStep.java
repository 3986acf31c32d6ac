package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import io.jenkins.plugins.routetolive.runtime.RolloutPlan;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Rolls an application's environment back by hand to the release before the one running (or a named
 * digest verified there), with a reason; needs the Rollback permission. The restored artifact is gated
 * like a promotion; the step fails unless it is verified.
 */
public final class RollbackEnvironmentStep extends GatedStep {

    private final String application;
    private final String environment;
    private final String reason;
    private String digest = "";
    private String deployment = DeploymentSpec.EXTERNAL;

    @DataBoundConstructor
    public RollbackEnvironmentStep(String application, String environment, String reason) {
        this.application = application;
        this.environment = environment;
        this.reason = reason;
    }

    public String getApplication() {
        return application;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getReason() {
        return reason;
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = StepSupport.trim(digest);
    }

    public String getDeployment() {
        return deployment;
    }

    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = StepSupport.trim(deployment).isEmpty() ? DeploymentSpec.EXTERNAL : StepSupport.trim(deployment);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Waits for the rollback on a future; a rollback interrupted by a restart is reported, not resumed. */
    private static final class Execution extends OnceCompletingExecution {

        private static final long serialVersionUID = 1L;
        private final transient RollbackEnvironmentStep step;
        private transient RolloutPlan plan;

        Execution(StepContext context, RollbackEnvironmentStep step) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Actor actor = Actors.requester(run);
            if (!actor.has(Privilege.ROLLBACK)) {
                throw new AbortException(actor.id() + " may not roll back " + step.application + " in " + step.environment
                        + ": that needs the " + RouteToLivePermissions.ROLLBACK.group.title + "/"
                        + RouteToLivePermissions.ROLLBACK.name + " permission on " + run.getParent().getFullName() + ".");
            }
            String routeName = RouteToLiveConfiguration.get().routeNameFor(run.getParent().getFullName());
            RouteToLive rtl = RouteToLive.get();
            PromotionService service = rtl.service(routeName);
            Optional<Digest> target;
            try {
                target = step.digest.isEmpty() ? Optional.empty() : Optional.of(Digest.parse(step.digest));
                service.route().environment(step.environment);
            } catch (IllegalArgumentException e) {
                throw StepSupport.refusal(e);
            }
            DeploymentSpec spec = DeploymentSpec.byPlugin(step.deployment, step.getNamespace(),
                    step.getDeploymentName(), step.getContainer(), DeploymentSpec.ROLLING, "", "", step.getHealthUrl(),
                    step.getTcpAddress());
            plan = RolloutPlan.build(spec, routeName, service.route().environment(step.environment), run);
            RolloutPlan p = plan;
            CompletableFuture<PromotionOutcome> rollback;
            try {
                rollback = rtl.events().on(listener, () -> new ManualRollback(service).rollBack(step.application,
                        step.environment, target, actor, step.reason, p.deployer(), p.gate()));
            } catch (RuntimeException e) {
                p.close();
                throw StepSupport.refusal(e);
            }
            rollback.whenComplete((outcome, error) -> {
                p.close();
                if (outcome != null) {
                    rtl.events().unfollow(outcome.promotionId());
                }
                if (error != null) {
                    fail(StepSupport.refusal(error));
                } else if (outcome.succeeded()) {
                    succeed(StepSupport.result(outcome));
                } else {
                    fail(new AbortException(outcome.message()));
                }
            });
            return false;
        }

        /**
         * Completes the step at once; the rollback itself goes on, because stopping it half way would leave the
         * environment on neither version. The ledger records its outcome.
         */
        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (finish()) {
                if (plan != null) {
                    getContext().get(TaskListener.class).getLogger().println("The build was stopped during the rollback of "
                            + step.application + " in " + step.environment + "; the rollback goes on to its end and the "
                            + "ledger records its outcome.");
                }
                getContext().onFailure(cause);
            }
        }

        @Override
        public void onResume() {
            fail(new AbortException("Jenkins restarted during a manual rollback; it was not resumed. "
                    + "Check the environment on the job's Environments page and run the rollback again if needed."));
        }
    }

    @Extension
    @Symbol("rollbackEnvironment")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "rollbackEnvironment";
        }

        @Override
        public String getDisplayName() {
            return "Roll an environment back to the release before the one running";
        }

        public ListBoxModel doFillDeploymentItems() {
            return StepSupport.deploymentItems();
        }
    }
}

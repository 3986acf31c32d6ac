package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestRollout;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import io.jenkins.plugins.routetolive.runtime.RolloutPlan;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Promotes every artifact of a release manifest (a workspace file) into one environment together. Each
 * application is deployed externally and gated by the health URL made from {@code healthUrlPattern}
 * ({@code {application}} is replaced by its name).
 */
public final class PromoteReleaseStep extends Step {

    private final String manifest;
    private final String environment;
    private String healthUrlPattern = "";
    private String freezeOverrideReason = "";

    @DataBoundConstructor
    public PromoteReleaseStep(String manifest, String environment) {
        this.manifest = manifest;
        this.environment = environment;
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

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Waits on the manifest rollout's future; a release interrupted by a restart is reported, not resumed. */
    private static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;
        private final transient PromoteReleaseStep step;
        private final transient List<RolloutPlan> plans = new ArrayList<>();
        private transient boolean finished;
        private transient boolean started;

        Execution(StepContext context, PromoteReleaseStep step) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException("promoteRelease reads the manifest '" + step.manifest + "' from the workspace: "
                        + "call it inside node { }.");
            }
            String text = workspace.child(step.manifest).readToString();
            String routeName = RouteToLiveConfiguration.get().routeNameFor(run.getParent().getFullName());
            RouteToLive rtl = RouteToLive.get();
            PromotionService service = rtl.service(routeName);
            Actor requester = Actors.requester(run);
            try {
                ReleaseManifest release = ReleaseManifest.parse(step.manifest, text);
                Environment env = service.route().environment(step.environment);
                if (env.approval().isRequired()) {
                    // nothing here would show the component promotions for approval or resume the release once
                    // approved, and the step holds the node's executor: it would wait for ever
                    throw new AbortException("promoteRelease cannot wait for approvals, and " + env.name() + " needs "
                            + env.approval().required() + " from " + env.approval().describeApprovers() + ". Promote each "
                            + "application of " + step.manifest + " with promote (which waits for approvals without an "
                            + "executor) instead.");
                }
                Map<String, RolloutPlan> byApplication = new java.util.concurrent.ConcurrentHashMap<>();
                Function<String, RolloutPlan> planFor = application -> byApplication.computeIfAbsent(application,
                        a -> plan(a, routeName, env, run));
                Function<String, Deployer> deployers = application -> planFor.apply(application).deployer();
                Function<String, Gate> gates = application -> planFor.apply(application).gate();
                Optional<FreezeOverride> override = step.freezeOverrideReason.isEmpty() ? Optional.empty()
                        : Optional.of(new FreezeOverride(step.freezeOverrideReason));
                rtl.events().on(listener, () -> new ManifestRollout(service).promote(release, step.environment, requester,
                        override, deployers, gates)).whenComplete((outcome, error) -> {
                            closePlans();
                            if (!finish()) {
                                return;
                            } else if (error != null) {
                                getContext().onFailure(StepSupport.refusal(error));
                            } else if (outcome.succeeded()) {
                                Map<String, String> result = new LinkedHashMap<>();
                                result.put("release", release.name() + " " + release.version());
                                result.put("digest", release.digest().value());
                                result.put("message", outcome.message());
                                getContext().onSuccess(result);
                            } else {
                                getContext().onFailure(new AbortException(outcome.message()));
                            }
                        });
            } catch (RuntimeException e) {
                closePlans();
                throw StepSupport.refusal(e);
            }
            started = true;
            return false;
        }

        /**
         * Completes the step at once; promotions already under way go on to their end (or their rollback), because
         * stopping a deployment half way would leave the environment on neither version. The ledger records them.
         */
        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (finish()) {
                if (started) {
                    getContext().get(TaskListener.class).getLogger().println("The build was stopped while release "
                            + step.manifest + " was being promoted to " + step.environment + "; promotions already under "
                            + "way go on to their end and the ledger records their outcome.");
                }
                getContext().onFailure(cause);
            }
        }

        /** True for the one caller that may complete the context: the rollout's end or stop(), whichever comes first. */
        private synchronized boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }

        private RolloutPlan plan(String application, String routeName, Environment env, Run<?, ?> run) {
            if (step.healthUrlPattern.isEmpty()) {
                throw new IllegalArgumentException("promoteRelease needs healthUrlPattern (e.g. "
                        + "'http://{application}.test.example.com/health') to gate " + application + " in " + env.name());
            }
            try {
                DeploymentSpec spec = DeploymentSpec.byPlugin(DeploymentSpec.EXTERNAL, "", "", "", DeploymentSpec.ROLLING,
                        "", "", step.healthUrlPattern.replace("{application}", application), "");
                RolloutPlan plan = RolloutPlan.build(spec, routeName, env, run);
                synchronized (plans) {
                    plans.add(plan);
                }
                return plan;
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private void closePlans() {
            synchronized (plans) {
                plans.forEach(RolloutPlan::close);
                plans.clear();
            }
        }

        @Override
        public void onResume() {
            if (!finish()) {
                return;
            }
            getContext().onFailure(new AbortException("Jenkins restarted while a release was being promoted; it was "
                    + "not resumed. Check the Route to Live page and promote the release again."));
        }
    }

    @Extension
    @Symbol("promoteRelease")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        @Override
        public String getFunctionName() {
            return "promoteRelease";
        }

        @Override
        public String getDisplayName() {
            return "Promote every artifact of a release manifest";
        }
    }
}

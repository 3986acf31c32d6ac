package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralState;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Tears down the ephemeral environment of an application for this build's branch or change request now, instead of
 * waiting for the branch's job to be deleted or the time to live to end. Returns the namespace torn down ("" when there
 * was none). A teardown that fails fails the step, and stays due: the sweep retries it.
 */
public final class EphemeralTeardownStep extends Step {

    static final String NAME = "ephemeralTeardown";

    private final String application;

    @DataBoundConstructor
    public EphemeralTeardownStep(String application) {
        this.application = StepSupport.trim(application);
    }

    public String getApplication() {
        return application;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, application);
    }

    /** Keeps only the application; a teardown interrupted by a restart is left to the sweep (it is recorded as due or not). */
    static final class Execution extends OnceCompletingExecution {

        private static final long serialVersionUID = 1L;

        private final String application;

        Execution(StepContext context, String application) {
            super(context);
            this.application = application;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            EphemeralOwner owner = BranchOfBuild.owner(run.getParent(), application, NAME);
            Optional<EphemeralRecord> record = RouteToLive.get().ledger().ephemeralEnvironment(application, owner.job())
                    .filter(EphemeralRecord::live);
            if (record.isEmpty()) {
                listener.getLogger().println("There is no ephemeral environment of " + owner.describe() + " to tear down.");
                succeed("");
                return true;
            }
            String cause = "requested by " + Actors.requester(run).id() + " in " + run.getFullDisplayName();
            RouteToLive.get().branchEnvironments().tearDown(record.get(), cause, Actors.requester(run).id())
                    .whenComplete((after, error) -> {
                        if (error != null) {
                            fail(StepSupport.refusal(error));
                        } else if (after.state() != EphemeralState.TORN_DOWN) {
                            fail(new AbortException("Could not tear down " + after.describe() + ": "
                                    + after.message() + ". It stays due: the sweep of ephemeral environments tries again."));
                        } else {
                            listener.getLogger().println("Tore down " + after.describe() + ": " + after.message() + ".");
                            succeed(after.namespace());
                        }
                    });
            return false;
        }

        @Override
        public void onResume() {
            fail(new AbortException("Jenkins restarted while the ephemeral environment of " + application
                    + " was being torn down; the ledger says whether it was, and the sweep retries it if not. Run "
                    + NAME + " again to be sure."));
        }

        /** The teardown goes on to its end and is recorded; the build stops waiting for it. */
        @Override
        public void stop(@NonNull Throwable cause) {
            fail(cause);
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
            return "Tear down the ephemeral environment of this branch or change request";
        }
    }
}

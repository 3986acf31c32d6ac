package io.jenkins.plugins.routetolive.runtime;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralSweep;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every 15 minutes, tears down the ephemeral environments that are due (see {@link EphemeralSweep}): expired ones by
 * {@link RouteToLive#clock()}, those of jobs this controller no longer has, and those whose teardown failed before.
 * What is due comes from the ledger, so a restart forgets nothing. Runs on its own thread, never a build's; its log is
 * {@code logs/tasks/Route to Live ephemeral environments.log}, and failures are in the Jenkins log and on the job's
 * Environments page.
 */
@Extension
public final class EphemeralSweepWork extends AsyncPeriodicWork {

    public EphemeralSweepWork() {
        super("Route to Live ephemeral environments");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(15);
    }

    @Override
    protected void execute(TaskListener listener) throws InterruptedException {
        sweep(listener);
    }

    /** One sweep now, reported to the listener: one line per environment torn down or still failing. */
    public EphemeralSweep.Result sweep(TaskListener listener) throws InterruptedException {
        EphemeralSweep.Result result;
        try {
            result = RouteToLive.get().branchEnvironments().sweep().get(30, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            listener.error("The sweep of ephemeral environments did not finish: " + e);
            return new EphemeralSweep.Result(java.util.List.of(), java.util.List.of());
        }
        for (EphemeralRecord r : result.tornDown()) {
            listener.getLogger().println("Tore down " + r.describe() + " (" + r.teardownCause() + "): " + r.message() + ".");
        }
        for (EphemeralRecord r : result.failed()) {
            listener.getLogger().println("Could not tear down " + r.describe() + " (" + r.teardownCause() + "): "
                    + r.message() + ". The next sweep tries again.");
        }
        return result;
    }
}

package io.jenkins.plugins.routetolive.runtime;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.CompactionReport;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Once a day (first 5 minutes after start), compacts the Kubernetes shared store by the configured retention
 * ({@code retainEntriesPerApplication}); does nothing with the journal or when retention is 0. Its log is
 * {@code logs/tasks/Route to Live ledger retention.log}.
 */
@Extension
public final class LedgerCompactionWork extends AsyncPeriodicWork {

    public LedgerCompactionWork() {
        super("Route to Live ledger retention");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.DAYS.toMillis(1);
    }

    @Override
    public long getInitialDelay() {
        return TimeUnit.MINUTES.toMillis(5);
    }

    @Override
    protected void execute(TaskListener listener) {
        compact(listener);
    }

    /** One compaction now, reported to the listener. */
    public Optional<CompactionReport> compact(TaskListener listener) {
        Optional<CompactionReport> report = RouteToLive.get().compactSharedLedger();
        if (report.isEmpty()) {
            listener.getLogger().println("Nothing to compact: the ledger is the journal, or history kept per application"
                    + " is 0 (keep everything).");
        }
        report.ifPresent(r -> listener.getLogger().println("Compacted the logs of " + r.applications()
                + " application(s): " + r.recordsDropped() + " record(s) removed, " + r.chunksEmptied()
                + " chunk(s) emptied."));
        return report;
    }
}

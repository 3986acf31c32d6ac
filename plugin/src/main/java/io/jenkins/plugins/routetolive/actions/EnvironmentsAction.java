package io.jenkins.plugins.routetolive.actions;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Job;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The job page's "Environments": for each application this job registered, what runs where along its route,
 * the last known good, broken environments, and the recent history ({@code ?limit=}). {@code api/json} too.
 */
@ExportedBean
public final class EnvironmentsAction implements Action {

    private final Job<?, ?> job;

    EnvironmentsAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-paper-plane-outline";
    }

    @Override
    public String getDisplayName() {
        return "Environments";
    }

    @Override
    public String getUrlName() {
        return "environments";
    }

    @Exported
    public String getRouteName() {
        return RouteToLive.get().service(job).route().name();
    }

    public Api getApi() {
        return new Api(this);
    }

    /** Names of the applications whose registration came from a build of this job. */
    public Set<String> getApplicationNames() {
        LedgerQueries ledger = RouteToLive.get().ledger();
        String prefix = job.getFullName() + "#";
        Set<String> apps = new TreeSet<>();
        for (String app : ledger.applications()) {
            boolean ours = ledger.history(app).stream().anyMatch(e -> e.type() == EntryType.ARTIFACT_REGISTERED
                    && String.valueOf(e.attribute(LedgerEntry.Attributes.BUILD)).startsWith(prefix));
            if (ours) {
                apps.add(app);
            }
        }
        return apps;
    }

    /** Each of them along its route, with its history newest first (at most {@code ?limit=}). */
    @Exported
    public List<ApplicationStatus> getApplications() {
        RouteBoard board = new RouteBoard(RouteToLive.get().ledger());
        int limit = RouteBoard.requestedLimit();
        List<ApplicationStatus> applications = new ArrayList<>();
        for (String name : getApplicationNames()) {
            ApplicationStatus status = board.application(name, limit);
            if (status != null) {
                applications.add(status);
            }
        }
        return applications;
    }

    /** The ephemeral environments of this job (a multibranch branch or change request), live or torn down. */
    public List<EphemeralRecord> getEphemeralEnvironments() {
        return RouteToLive.get().branchEnvironments().of(job.getFullName());
    }

    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            return List.of(new EnvironmentsAction(target));
        }
    }
}

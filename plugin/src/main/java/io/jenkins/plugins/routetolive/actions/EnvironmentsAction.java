package io.jenkins.plugins.routetolive.actions;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.TransientActionFactory;

/** The job page's "Environments": for each application this job registered, what runs where, the last known good, and the history. */
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
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Environments";
    }

    @Override
    public String getUrlName() {
        return "environments";
    }

    public String getRouteName() {
        return service().route().name();
    }

    private PromotionService service() {
        return RouteToLive.get().service(job);
    }

    /** Applications whose registration came from a build of this job. */
    public Set<String> getApplications() {
        LedgerQueries ledger = service().ledger();
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

    /** One row per deploy environment of the route. */
    public List<EnvironmentState> states(String application) {
        List<EnvironmentState> rows = new ArrayList<>();
        PromotionService service = service();
        for (Environment env : service.route().environments()) {
            if (env.role() == EnvironmentRole.DEPLOY) {
                rows.add(service.ledger().environment(application, env.name()));
            }
        }
        return rows;
    }

    /** Everything that happened to the application, newest first. */
    public List<LedgerEntry> history(String application) {
        List<LedgerEntry> entries = new ArrayList<>(service().ledger().history(application));
        java.util.Collections.reverse(entries);
        return entries;
    }

    /** The ephemeral environments of this job (a multibranch branch or change request), live or torn down. */
    public List<EphemeralRecord> getEphemeralEnvironments() {
        return RouteToLive.get().branchEnvironments().of(job.getFullName());
    }

    /** "1.2.0 sha256:ab12…", or "-". */
    public String deployed(java.util.Optional<io.jenkins.plugins.routetolive.engine.ledger.Deployed> deployed) {
        return deployed.map(d -> d.version() + " " + d.digest().shortForm()).orElse("-");
    }

    public String condition(EnvironmentState state) {
        return state.broken() ? "broken: " + state.brokenReason() : "ok";
    }

    /** "verified", "gate verdict", "artifact registered". */
    public String what(LedgerEntry entry) {
        return entry.state() != null ? entry.state().label()
                : entry.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
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

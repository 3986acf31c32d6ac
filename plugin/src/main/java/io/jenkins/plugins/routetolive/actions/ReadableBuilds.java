package io.jenkins.plugins.routetolive.actions;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;

/**
 * What the user of this request may see, by the build references the ledger keeps ({@code folder/shop#42},
 * {@link Run#getExternalizableId()}): a build is visible when its job is readable (Item.READ), a promotion when
 * the build that requested it is, an application when a visible build registered or promoted it. Entries with
 * no build (a rollback someone asked for) go with their application. Made per request; remembers each job.
 */
final class ReadableBuilds {

    private final LedgerQueries ledger;
    private final boolean administrator;
    private final Map<String, Optional<Job<?, ?>>> jobs = new HashMap<>();
    private final Map<String, String> requestedBy = new HashMap<>();

    ReadableBuilds(LedgerQueries ledger) {
        this.ledger = ledger;
        this.administrator = Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /** The job of this build reference if the user may read it. */
    Job<?, ?> job(String buildRef) {
        String jobName = jobName(buildRef);
        return jobName == null ? null : jobs.computeIfAbsent(jobName, ReadableBuilds::readableJob).orElse(null);
    }

    /** "folder/shop" of "folder/shop#42", or null when the reference names no job. */
    static String jobName(String buildRef) {
        int hash = buildRef == null ? -1 : buildRef.lastIndexOf('#');
        return hash <= 0 ? null : buildRef.substring(0, hash);
    }

    private static Optional<Job<?, ?>> readableJob(String fullName) {
        try {
            return Optional.ofNullable(Jenkins.get().getItemByFullName(fullName, Job.class));
        } catch (AccessDeniedException discoverOnly) {
            return Optional.empty();
        }
    }

    boolean readable(String buildRef) {
        return job(buildRef) != null;
    }

    /** The build, loaded, if the user may read it. */
    Run<?, ?> run(String buildRef) {
        Job<?, ?> job = job(buildRef);
        return job == null ? null : job.getBuildByNumber(number(buildRef));
    }

    /** "job/shop/42/", relative to the Jenkins root, or null when not readable. */
    String url(String buildRef) {
        Job<?, ?> job = job(buildRef);
        return job == null ? null : job.getUrl() + number(buildRef) + "/";
    }

    /** "shop #42" with the job's display name, or null when not readable. */
    String name(String buildRef) {
        Job<?, ?> job = job(buildRef);
        return job == null ? null : job.getFullDisplayName() + " #" + number(buildRef);
    }

    /** A URL relative to the Jenkins root made absolute, for the REST API. */
    static String absolute(String relative) {
        if (relative == null) {
            return null;
        }
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "/" : root) + relative;
    }

    static int number(String buildRef) {
        try {
            return Integer.parseInt(buildRef.substring(buildRef.lastIndexOf('#') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The build that requested the promotion ("" when none did, e.g. a rollback someone asked for). */
    String buildOf(String promotionId) {
        if (promotionId == null || promotionId.isEmpty()) {
            return "";
        }
        return requestedBy.computeIfAbsent(promotionId, id -> ledger.promotionHistory(id).stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.REQUESTED)
                .map(e -> e.attribute(LedgerEntry.Attributes.BUILD)).filter(b -> b != null).findFirst().orElse(""));
    }

    /** The build an entry belongs to: its own (registrations, requests) or its promotion's; "" when none. */
    String buildOf(LedgerEntry entry) {
        String own = entry.attribute(LedgerEntry.Attributes.BUILD);
        return own != null && !own.isEmpty() ? own : buildOf(entry.promotionId());
    }

    /** Whether the user may see this entry of an application they may see. */
    boolean mayRead(LedgerEntry entry) {
        String build = buildOf(entry);
        return build.isEmpty() || administrator || readable(build);
    }

    /** Whether a build the user may read registered or promoted the application (administrators see all). */
    boolean seesApplication(String application) {
        if (administrator) {
            return true;
        }
        for (LedgerEntry e : ledger.history(application)) {
            String build = e.attribute(LedgerEntry.Attributes.BUILD);
            if (build != null && !build.isEmpty() && readable(build)) {
                return true;
            }
        }
        return false;
    }
}

package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What one application runs in one environment: the current and last known good artifact, whether the
 * environment is broken and why, the state of the newest promotion into it, and the build that put the
 * current artifact there, and its delivery metrics. One cell of the board, one stop of the job page's route row.
 */
@ExportedBean(defaultVisibility = 3)
public final class EnvironmentStatus {

    private final EnvironmentState state;
    private final LedgerEntry newest;
    private final String buildRef;
    private final String buildName;
    private final String buildUrl;
    private final DeliveryMetricsView metrics;

    /**
     * @param newest  the newest state change of a promotion into this environment, or null
     * @param buildRef the build whose promotion put the current artifact there, if the user may see it
     * @param metrics the environment's delivery measures over the board's window
     */
    EnvironmentStatus(EnvironmentState state, LedgerEntry newest, String buildRef, ReadableBuilds builds,
                      DeliveryMetricsView metrics) {
        this.state = state;
        this.newest = newest;
        this.metrics = metrics;
        boolean visible = buildRef != null && builds.readable(buildRef);
        this.buildRef = visible ? buildRef : null;
        this.buildName = visible ? builds.name(buildRef) : null;
        String promotion = state.current().map(Deployed::promotionId).orElse("");
        this.buildUrl = visible ? builds.url(buildRef) + PromotionAction.URL_NAME + "/"
                + (promotion.isEmpty() ? "" : "#promotion-" + promotion) : null;
    }

    @Exported
    public String getName() {
        return state.environment();
    }

    @Exported
    public String getVersion() {
        return state.current().map(Deployed::version).orElse(null);
    }

    @Exported
    public String getDigest() {
        return state.current().map(d -> d.digest().value()).orElse(null);
    }

    public String getShortDigest() {
        return state.current().map(d -> d.digest().shortForm()).orElse(null);
    }

    @Exported
    public String getLastKnownGoodVersion() {
        return state.lastKnownGood().map(Deployed::version).orElse(null);
    }

    @Exported
    public String getLastKnownGoodDigest() {
        return state.lastKnownGood().map(d -> d.digest().value()).orElse(null);
    }

    /** Whether what runs is not the last known good (a failed gate left it, or it is still being verified). */
    public boolean isLastKnownGoodElsewhere() {
        return state.lastKnownGood().isPresent() && !state.lastKnownGood().equals(state.current());
    }

    @Exported
    public boolean isBroken() {
        return state.broken();
    }

    @Exported
    public String getBrokenReason() {
        return Redaction.text(state.brokenReason());
    }

    /** Since when the current artifact runs there. */
    @Exported(name = "since")
    public String getSinceIso() {
        return state.current().map(d -> Moment.iso(d.since())).orElse(null);
    }

    public Moment getSince() {
        return state.current().map(d -> Moment.of(d.since())).orElse(null);
    }

    /** BROKEN, or the state of the newest promotion into the environment (a rejection leaves what runs as it was). */
    public StateBadge getStatus() {
        if (state.broken()) {
            return StateBadge.BROKEN;
        }
        if (newest == null || newest.state() == PromotionState.REJECTED) {
            return state.current().isPresent() ? StateBadge.PASSED : StateBadge.NOT_REACHED;
        }
        return StateBadge.of(newest.state());
    }

    @Exported(name = "status")
    public String getStatusName() {
        return getStatus().name();
    }

    /** "1.0.4 awaiting approval" when the newest promotion is for another version than the one running. */
    public String getStatusNote() {
        if (newest == null || state.broken() || newest.version().equals(getVersion())) {
            return null;
        }
        return newest.version() + " " + newest.state().label();
    }

    /** The job of the build whose promotion put the current artifact there (when the user may see it). */
    @Exported(skipNull = true)
    public String getJob() {
        return ReadableBuilds.jobName(buildRef);
    }

    @Exported(skipNull = true)
    public Integer getBuild() {
        return buildRef == null ? null : ReadableBuilds.number(buildRef);
    }

    /** That build's Route to Live page, absolute. */
    @Exported(skipNull = true)
    public String getUrl() {
        return ReadableBuilds.absolute(buildUrl);
    }

    /** The same, relative to the Jenkins root, for links on pages. */
    public String getPageUrl() {
        return buildUrl;
    }

    public String getBuildName() {
        return buildName;
    }

    /** Deployment frequency, lead time, change failure rate and time to restore, with their trends. */
    @Exported(visibility = 4)
    public DeliveryMetricsView getMetrics() {
        return metrics;
    }
}

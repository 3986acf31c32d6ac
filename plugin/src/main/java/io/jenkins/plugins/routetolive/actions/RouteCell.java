package io.jenkins.plugins.routetolive.actions;

import java.time.Instant;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One environment of the route as one artifact stands there (the build page's route row): its state, when
 * it got there, and the build whose promotion put it there.
 */
@ExportedBean(defaultVisibility = 3)
public final class RouteCell {

    private final String environment;
    private final StateBadge status;
    private final boolean target;
    private final Instant since;
    private final String buildRef;
    private final String buildName;
    private final String url;

    /** @param buildRef the build whose promotion put the artifact there, if the user may see it; else null */
    RouteCell(String environment, StateBadge status, boolean target, Instant since, String buildRef, String buildName,
              String url) {
        this.environment = environment;
        this.status = status;
        this.target = target;
        this.since = since;
        this.buildRef = buildRef;
        this.buildName = buildName;
        this.url = url;
    }

    @Exported
    public String getEnvironment() {
        return environment;
    }

    /** PASSED, FAILED, ROLLED_BACK, AWAITING_APPROVAL, REJECTED, RUNNING, NOT_REACHED, REGISTERED, SOURCE… */
    @Exported(name = "status")
    public String getStatusName() {
        return status.name();
    }

    public StateBadge getStatus() {
        return status;
    }

    /** Whether this is the environment the promotion is for. */
    @Exported
    public boolean isTarget() {
        return target;
    }

    @Exported(name = "since", skipNull = true)
    public String getSinceIso() {
        return Moment.iso(since);
    }

    public Moment getSince() {
        return Moment.of(since);
    }

    /** The job of the build whose promotion put the artifact in this state, when the user may see it. */
    @Exported(skipNull = true)
    public String getJob() {
        return ReadableBuilds.jobName(buildRef);
    }

    @Exported(skipNull = true)
    public Integer getBuild() {
        return buildRef == null ? null : ReadableBuilds.number(buildRef);
    }

    /** "shop #3", for the page. */
    public String getBuildName() {
        return buildName;
    }

    /** The Route to Live page of that build (relative to the Jenkins root), at that promotion. */
    public String getUrl() {
        return url;
    }
}

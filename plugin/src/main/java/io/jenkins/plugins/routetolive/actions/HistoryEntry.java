package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import java.util.Locale;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One fact of an application's history as the pages and the REST API tell it. */
@ExportedBean(defaultVisibility = 3)
public final class HistoryEntry {

    private final LedgerEntry entry;
    private final String buildRef;
    private final String buildName;
    private final String buildUrl;

    /** @param buildRef the build the entry belongs to, if the user may see it; else null */
    HistoryEntry(LedgerEntry entry, String buildRef, ReadableBuilds builds) {
        this.entry = entry;
        this.buildRef = buildRef;
        this.buildName = buildRef == null ? null : builds.name(buildRef);
        this.buildUrl = buildRef == null ? null : builds.url(buildRef) + PromotionAction.URL_NAME + "/"
                + (entry.promotionId().isEmpty() ? "" : "#promotion-" + entry.promotionId());
    }

    @Exported
    public long getSequence() {
        return entry.sequence();
    }

    @Exported(name = "time")
    public String getTimeIso() {
        return Moment.iso(entry.time());
    }

    public Moment getTime() {
        return Moment.of(entry.time());
    }

    @Exported
    public String getApplication() {
        return entry.application();
    }

    @Exported
    public String getEnvironment() {
        return entry.environment();
    }

    @Exported
    public String getVersion() {
        return entry.version();
    }

    @Exported
    public String getDigest() {
        return entry.digest().value();
    }

    /** "verified", "awaiting approval", "gate failed", "approved", "registered", "freeze overridden"… */
    @Exported
    public String getWhat() {
        return switch (entry.type()) {
            case STATE_CHANGED -> entry.state().label();
            case GATE_VERDICT -> "gate " + entry.attribute(LedgerEntry.Attributes.VERDICT);
            case APPROVAL_GIVEN -> "approved";
            case APPROVAL_REJECTED -> "rejected";
            case ARTIFACT_REGISTERED -> "registered";
            case ENVIRONMENT_RESOLVED -> "repaired";
            default -> entry.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** The badge that goes with {@link #getWhat()}, or null for facts drawn as plain words. */
    public StateBadge getBadge() {
        return switch (entry.type()) {
            case STATE_CHANGED -> StateBadge.of(entry.state());
            case GATE_VERDICT -> "passed".equals(entry.attribute(LedgerEntry.Attributes.VERDICT))
                    ? StateBadge.PASSED : StateBadge.FAILED;
            case APPROVAL_GIVEN -> StateBadge.APPROVED;
            case APPROVAL_REJECTED -> StateBadge.REJECTED;
            case ARTIFACT_REGISTERED -> StateBadge.REGISTERED;
            default -> null;
        };
    }

    @Exported
    public String getActor() {
        return entry.actor();
    }

    /** Why, in the words of whoever did it (an approval's comment, a rollback's reason, a gate's summary). */
    @Exported
    public String getReason() {
        return Redaction.text(entry.reason());
    }

    @Exported
    public String getPromotionId() {
        return entry.promotionId();
    }

    @Exported(skipNull = true)
    public String getJob() {
        return ReadableBuilds.jobName(buildRef);
    }

    @Exported(skipNull = true)
    public Integer getBuild() {
        return buildRef == null ? null : ReadableBuilds.number(buildRef);
    }

    public String getBuildName() {
        return buildName;
    }

    public String getPageUrl() {
        return buildUrl;
    }
}

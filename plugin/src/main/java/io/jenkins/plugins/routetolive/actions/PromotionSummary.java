package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import java.time.Instant;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** What every view of one promotion shows of it: the artifact, the environment, who asked and when. */
@ExportedBean(defaultVisibility = 2)
public abstract class PromotionSummary {

    protected final Promotion promotion;
    protected final Instant requestedAt;

    PromotionSummary(Promotion promotion, Instant requestedAt) {
        this.promotion = promotion;
        this.requestedAt = requestedAt;
    }

    @Exported
    public String getApplication() {
        return promotion.artifact().application();
    }

    @Exported
    public String getVersion() {
        return promotion.artifact().version();
    }

    @Exported
    public String getDigest() {
        return promotion.artifact().digest().value();
    }

    public String getShortDigest() {
        return promotion.artifact().digest().shortForm();
    }

    @Exported
    public String getEnvironment() {
        return promotion.environment();
    }

    @Exported
    public String getRequestedBy() {
        return promotion.requester();
    }

    public Moment getRequestedAt() {
        return Moment.of(requestedAt);
    }
}

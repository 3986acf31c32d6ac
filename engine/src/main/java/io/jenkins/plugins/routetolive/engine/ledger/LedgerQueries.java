package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The questions the ledger answers. */
public interface LedgerQueries {

    /** The artifact registered under this application and version. */
    Optional<RegisteredArtifact> registration(String application, String version);

    /** The registration of this digest for this application. */
    Optional<RegisteredArtifact> registration(String application, Digest digest);

    /** What runs in the environment now, its last known good, and whether it is broken. */
    EnvironmentState environment(String application, String environment);

    /** Every environment the application has been in, in no particular order. */
    List<EnvironmentState> environments(String application);

    /** Whether this digest was ever verified in the environment. */
    boolean verifiedIn(String application, String environment, Digest digest);

    /** The promotion with this id. */
    Optional<PromotionRecord> promotion(String promotionId);

    /** Promotions not yet in a final state. */
    List<PromotionRecord> activePromotions();

    /** Everything that happened to the application, oldest first. */
    List<LedgerEntry> history(String application);

    /** Everything that happened to the digest, oldest first. */
    List<LedgerEntry> digestHistory(Digest digest);

    /** Every entry of one promotion, oldest first. */
    List<LedgerEntry> promotionHistory(String promotionId);

    /**
     * Delivery metrics (deployment frequency, lead time for changes, change failure rate, time to restore) of
     * the application in the environment over the window and over the window of equal length before it.
     * Answered from facts the index keeps per application and environment, not by reading history: the cost
     * is a few binary searches. Measures without events in a window are empty ("no data"). Definitions in
     * docs/metrics.md.
     *
     * @param window usually {@link MetricsWindow#endingNow(java.time.Clock)}: thirty days to the clock's now
     */
    DeliveryMetrics metrics(String application, String environment, MetricsWindow window);

    /** {@link #metrics(String, String, MetricsWindow)} in {@value DeliveryMetrics#DEFAULT_ENVIRONMENT}. */
    default DeliveryMetrics metrics(String application, MetricsWindow window) {
        return metrics(application, DeliveryMetrics.DEFAULT_ENVIRONMENT, window);
    }

    /**
     * Every ephemeral environment of a branch the ledger knows (active, with a failed teardown, or torn down), one per
     * application and job, oldest first. They are never environments of the route: nothing here admits anything.
     */
    List<EphemeralRecord> ephemeralEnvironments();

    /** The ephemeral environment of this application for this job, if the ledger knows one. */
    default Optional<EphemeralRecord> ephemeralEnvironment(String application, String job) {
        return ephemeralEnvironments().stream()
                .filter(r -> r.owner().application().equals(application) && r.owner().job().equals(job)).findFirst();
    }

    /** Every application the ledger knows. */
    Set<String> applications();

    /** Number of entries. */
    long size();
}

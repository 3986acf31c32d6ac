package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A ledger whose queries are answered by a {@link LedgerIndex} in memory, guarded by this object's monitor.
 * Subclasses decide where entries are kept by implementing {@link #persist} (or overriding {@link #append}),
 * and may bring the index up to date before each query with {@link #beforeQuery}.
 */
public abstract class IndexedLedger implements Ledger {

    /** Replaced only by ledgers whose entries are written by others too (see {@link #replaceIndex}). */
    protected LedgerIndex index;
    protected long next = 1;

    /** A ledger whose index keeps its entries in memory. */
    protected IndexedLedger() {
        this(new LedgerIndex());
    }

    /** A ledger with its own index (e.g. one that reads entries back from storage). */
    protected IndexedLedger(LedgerIndex index) {
        this.index = index;
    }

    /** Called with the monitor held before every query; ledgers shared with other writers re-read here. */
    protected void beforeQuery() {
    }

    /** Swaps in an index rebuilt from storage; call with the monitor held. */
    protected final void replaceIndex(LedgerIndex rebuilt) {
        this.index = rebuilt;
    }

    @Override
    public synchronized LedgerEntry append(LedgerEntry entry) {
        LedgerEntry sequenced = entry.withSequence(next);
        persist(sequenced);
        next++;
        index.apply(sequenced);
        return sequenced;
    }

    @Override
    public synchronized Optional<RegisteredArtifact> registration(String application, String version) {
        beforeQuery();
        return index.registration(application, version);
    }

    @Override
    public synchronized Optional<RegisteredArtifact> registration(String application, Digest digest) {
        beforeQuery();
        return index.registration(application, digest);
    }

    @Override
    public synchronized EnvironmentState environment(String application, String environment) {
        beforeQuery();
        return index.environment(application, environment);
    }

    @Override
    public synchronized List<EnvironmentState> environments(String application) {
        beforeQuery();
        return index.environments(application);
    }

    @Override
    public synchronized boolean verifiedIn(String application, String environment, Digest digest) {
        beforeQuery();
        return index.verifiedIn(application, environment, digest);
    }

    @Override
    public synchronized Optional<PromotionRecord> promotion(String promotionId) {
        beforeQuery();
        return index.promotion(promotionId);
    }

    @Override
    public synchronized List<PromotionRecord> activePromotions() {
        beforeQuery();
        return index.activePromotions();
    }

    @Override
    public synchronized List<LedgerEntry> history(String application) {
        beforeQuery();
        return index.history(application);
    }

    @Override
    public synchronized List<LedgerEntry> digestHistory(Digest digest) {
        beforeQuery();
        return index.digestHistory(digest);
    }

    @Override
    public synchronized List<LedgerEntry> promotionHistory(String promotionId) {
        beforeQuery();
        return index.promotionHistory(promotionId);
    }

    @Override
    public synchronized DeliveryMetrics metrics(String application, String environment, MetricsWindow window) {
        beforeQuery();
        return index.metrics(application, environment, window);
    }

    @Override
    public synchronized List<EphemeralRecord> ephemeralEnvironments() {
        beforeQuery();
        return index.ephemeralEnvironments();
    }

    @Override
    public synchronized Set<String> applications() {
        beforeQuery();
        return index.applications();
    }

    @Override
    public synchronized long size() {
        beforeQuery();
        return index.size();
    }

    /** Keeps the entry wherever this ledger keeps entries; called with the monitor held, in sequence order. */
    protected abstract void persist(LedgerEntry sequenced);
}

package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A ledger that counts the entries appended through it and otherwise only passes every call on. */
final class CountingLedger implements Ledger {

    private final Ledger ledger;
    private final AtomicLong appends = new AtomicLong();

    CountingLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    long appends() {
        return appends.get();
    }

    @Override
    public LedgerEntry append(LedgerEntry entry) {
        LedgerEntry appended = ledger.append(entry);
        appends.incrementAndGet();
        return appended;
    }

    @Override
    public Optional<RegisteredArtifact> registration(String application, String version) {
        return ledger.registration(application, version);
    }

    @Override
    public Optional<RegisteredArtifact> registration(String application, Digest digest) {
        return ledger.registration(application, digest);
    }

    @Override
    public EnvironmentState environment(String application, String environment) {
        return ledger.environment(application, environment);
    }

    @Override
    public List<EnvironmentState> environments(String application) {
        return ledger.environments(application);
    }

    @Override
    public boolean verifiedIn(String application, String environment, Digest digest) {
        return ledger.verifiedIn(application, environment, digest);
    }

    @Override
    public Optional<PromotionRecord> promotion(String promotionId) {
        return ledger.promotion(promotionId);
    }

    @Override
    public List<PromotionRecord> activePromotions() {
        return ledger.activePromotions();
    }

    @Override
    public List<LedgerEntry> history(String application) {
        return ledger.history(application);
    }

    @Override
    public List<LedgerEntry> digestHistory(Digest digest) {
        return ledger.digestHistory(digest);
    }

    @Override
    public List<LedgerEntry> promotionHistory(String promotionId) {
        return ledger.promotionHistory(promotionId);
    }

    @Override
    public DeliveryMetrics metrics(String application, String environment, MetricsWindow window) {
        return ledger.metrics(application, environment, window);
    }

    @Override
    public DeliveryMetrics metrics(String application, MetricsWindow window) {
        return ledger.metrics(application, window);
    }

    @Override
    public List<EphemeralRecord> ephemeralEnvironments() {
        return ledger.ephemeralEnvironments();
    }

    @Override
    public Optional<EphemeralRecord> ephemeralEnvironment(String application, String job) {
        return ledger.ephemeralEnvironment(application, job);
    }

    @Override
    public Set<String> applications() {
        return ledger.applications();
    }

    @Override
    public long size() {
        return ledger.size();
    }

    @Override
    public void close() {
        ledger.close();
    }
}

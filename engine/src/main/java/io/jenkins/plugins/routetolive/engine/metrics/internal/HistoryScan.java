package io.jenkins.plugins.routetolive.engine.metrics.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery metrics the naive way: read the application's whole history and apply the same rules to it on
 * every query. The benchmark measures the index against this, and tests check that both agree.
 */
public final class HistoryScan {

    private HistoryScan() {
    }

    /** The metrics of the application in the environment, from its full history (oldest first). */
    public static DeliveryMetrics measure(List<LedgerEntry> history, String application, String environment,
                                          MetricsWindow window) {
        Map<Digest, Instant> registered = new HashMap<>();
        Set<Digest> verified = new HashSet<>();
        DeliveryFacts facts = new DeliveryFacts((app, env, digest) ->
                verified.contains(digest) ? Optional.empty() : Optional.ofNullable(registered.get(digest)));
        for (LedgerEntry e : history) {
            if (!e.application().equals(application)) {
                continue;
            }
            if (e.type() == EntryType.ARTIFACT_REGISTERED) {
                registered.putIfAbsent(e.digest(), e.time());
            }
            if (e.environment().equals(environment)) {
                facts.apply(e);
                if (e.type() == EntryType.ARTIFACT_REGISTERED || e.state() == PromotionState.VERIFIED) {
                    verified.add(e.digest());
                }
            }
        }
        return facts.measure(application, environment, window);
    }
}

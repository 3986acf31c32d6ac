package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralIndex;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.metrics.internal.DeliveryFacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-memory answer to every ledger query, built by applying entries in order. Lookups of current
 * and last known good state are hash lookups. Histories are lists of locations: indexes into a list of
 * entries kept here, or (with an {@link EntryReader}) positions in the ledger's own storage, read back on
 * demand, so a large ledger keeps only its derived state in memory. Delivery metrics come from facts kept
 * per application and environment as entries are applied. Not thread-safe: the ledger that owns it guards it.
 */
public final class LedgerIndex implements LedgerQueries {

    /** Reads an entry back from where its ledger keeps it. */
    @FunctionalInterface
    public interface EntryReader {
        LedgerEntry read(long location);
    }

    /** A growable list of locations. */
    private static final class Locations {
        private long[] values = new long[4];
        private int size;

        void add(long location) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = location;
        }
    }

    /** A promotion's record (known from its first state change on) and the locations of all its entries. */
    private static final class Promotion {
        private final Locations locations = new Locations();
        private PromotionRecord record;
    }

    private final EntryReader reader;
    private final List<LedgerEntry> kept;

    // keyed by application, then by version / digest / environment: lookups allocate no composite keys
    private final Map<String, Map<String, RegisteredArtifact>> registrationsByVersion = new HashMap<>();
    private final Map<String, Map<Digest, RegisteredArtifact>> registrationsByDigest = new HashMap<>();
    private final Map<String, Map<String, EnvironmentState>> environments = new HashMap<>();
    private final Map<String, Map<String, Set<Digest>>> verified = new HashMap<>();
    private final Map<String, Promotion> promotions = new HashMap<>();
    private final Map<String, Locations> byApplication = new HashMap<>();
    private final Map<Digest, Locations> byDigest = new HashMap<>();
    private final DeliveryFacts delivery = new DeliveryFacts((application, environment, digest) ->
            verifiedIn(application, environment, digest) ? Optional.empty()
                    : registration(application, digest).map(RegisteredArtifact::registeredAt));
    private final EphemeralIndex ephemeral = new EphemeralIndex();
    private long size;

    /** An index that keeps the entries themselves. */
    public LedgerIndex() {
        this.reader = null;
        this.kept = new ArrayList<>();
    }

    /** An index that keeps only locations and reads entries back through the reader. */
    public LedgerIndex(EntryReader reader) {
        this.reader = java.util.Objects.requireNonNull(reader, "reader");
        this.kept = null;
    }

    private static <K, V> Map<K, V> of(Map<String, Map<K, V>> byApplication, String application) {
        return byApplication.computeIfAbsent(application, k -> new HashMap<>());
    }

    private static <K, V> V find(Map<String, Map<K, V>> byApplication, String application, K key) {
        Map<K, V> values = byApplication.get(application);
        return values == null ? null : values.get(key);
    }

    private void putEnvironment(EnvironmentState state) {
        of(environments, state.application()).put(state.environment(), state);
    }

    private void addVerified(String application, String environment, Digest digest) {
        of(verified, application).computeIfAbsent(environment, k -> new HashSet<>()).add(digest);
    }

    /** Applies one entry (already sequenced) to an index that keeps its entries. */
    public void apply(LedgerEntry e) {
        if (kept == null) {
            throw new IllegalStateException("this index reads entries from their ledger; apply them with their location");
        }
        kept.add(e);
        apply(e, kept.size() - 1);
    }

    /** Applies one entry (already sequenced) found at a location its ledger's {@link EntryReader} can read. */
    public void apply(LedgerEntry e, long location) {
        size++;
        byApplication.computeIfAbsent(e.application(), k -> new Locations()).add(location);
        byDigest.computeIfAbsent(e.digest(), k -> new Locations()).add(location);
        if (!e.promotionId().isEmpty()) {
            Promotion promotion = promotions.computeIfAbsent(e.promotionId(), k -> new Promotion());
            promotion.locations.add(location);
            if (promotion.record == null && e.type() == EntryType.STATE_CHANGED) {
                promotion.record = new PromotionRecord(e.promotionId(), e.application(), e.version(), e.digest(),
                        e.environment(), e.state(), e.actor(), e.time(), e.time(), List.of());
            } else if (promotion.record != null) {
                promotion.record = promotion.record.apply(e);
            }
        }
        delivery.apply(e); // before the state below changes: it asks whether the digest was verified before
        ephemeral.apply(e); // ephemeral entries change nothing else: they name no environment and no promotion
        switch (e.type()) {
            case ARTIFACT_REGISTERED -> register(e);
            case STATE_CHANGED -> stateChanged(e);
            case ENVIRONMENT_RESOLVED -> {
                EnvironmentState state = environment(e.application(), e.environment()).withBroken(false, "");
                String restored = e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST);
                if (restored != null) {
                    state = state.withCurrent(Optional.of(new Deployed(
                            e.attribute(LedgerEntry.Attributes.RESTORED_VERSION), new Digest(restored), e.time(), "")));
                }
                putEnvironment(state);
            }
            case MANIFEST_ROLLBACK -> manifestRollback(e);
            default -> {
            }
        }
    }

    /** A manifest restored this component: the restored artifact runs and is the last known good again. */
    private void manifestRollback(LedgerEntry e) {
        String restored = e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST);
        EnvironmentState state = environment(e.application(), e.environment());
        if ("failed".equals(e.attribute(LedgerEntry.Attributes.VERDICT))) {
            state = state.withBroken(true, e.reason());
        } else if (restored != null) {
            state = state.withVerified(new Deployed(e.attribute(LedgerEntry.Attributes.RESTORED_VERSION),
                    new Digest(restored), e.time(), e.promotionId()));
        }
        putEnvironment(state);
    }

    private void register(LedgerEntry e) {
        RegisteredArtifact registered = new RegisteredArtifact(new Artifact(e.application(), e.version(), e.digest()),
                e.attribute(LedgerEntry.Attributes.SOURCE_REVISION), e.actor(), e.attribute(LedgerEntry.Attributes.BUILD),
                e.time());
        of(registrationsByVersion, e.application()).putIfAbsent(e.version(), registered);
        of(registrationsByDigest, e.application()).putIfAbsent(e.digest(), registered);
        if (!e.environment().isEmpty()) {
            addVerified(e.application(), e.environment(), e.digest());
            putEnvironment(environment(e.application(), e.environment())
                    .withVerified(new Deployed(e.version(), e.digest(), e.time(), "")));
        }
    }

    private void stateChanged(LedgerEntry e) {
        switch (e.state()) {
            case DEPLOYING, VERIFIED, ROLLED_BACK, FAILED, ROLLBACK_FAILED ->
                    putEnvironment(afterStateChange(environment(e.application(), e.environment()), e));
            default -> {
                // other states leave the environment as it is
            }
        }
    }

    private EnvironmentState afterStateChange(EnvironmentState state, LedgerEntry e) {
        switch (e.state()) {
            case DEPLOYING -> {
                return state.withCurrent(Optional.of(deployed(e)));
            }
            case VERIFIED -> {
                addVerified(e.application(), e.environment(), e.digest());
                return state.withVerified(deployed(e));
            }
            case ROLLED_BACK, FAILED -> {
                String restored = e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST);
                if (restored != null) {
                    return state.withCurrent(Optional.of(new Deployed(e.attribute(LedgerEntry.Attributes.RESTORED_VERSION),
                            new Digest(restored), e.time(), e.promotionId())));
                } else if ("scaled-to-zero".equals(e.attribute(LedgerEntry.Attributes.ENVIRONMENT_STATE))) {
                    // "left-as-is" keeps the failed artifact as current: it still runs there
                    return state.withCurrent(Optional.empty());
                }
                return state;
            }
            case ROLLBACK_FAILED -> {
                return state.withBroken(true, e.reason().isEmpty()
                        ? "rollback of " + e.digest().shortForm() + " failed" : e.reason());
            }
            default -> {
                return state;
            }
        }
    }

    private static Deployed deployed(LedgerEntry e) {
        return new Deployed(e.version(), e.digest(), e.time(), e.promotionId());
    }

    @Override
    public Optional<RegisteredArtifact> registration(String application, String version) {
        return Optional.ofNullable(find(registrationsByVersion, application, version));
    }

    @Override
    public Optional<RegisteredArtifact> registration(String application, Digest digest) {
        return Optional.ofNullable(find(registrationsByDigest, application, digest));
    }

    @Override
    public EnvironmentState environment(String application, String environment) {
        EnvironmentState state = find(environments, application, environment);
        return state != null ? state : EnvironmentState.empty(application, environment);
    }

    @Override
    public List<EnvironmentState> environments(String application) {
        Map<String, EnvironmentState> states = environments.get(application);
        return states == null ? List.of() : List.copyOf(states.values());
    }

    @Override
    public boolean verifiedIn(String application, String environment, Digest digest) {
        Set<Digest> digests = find(verified, application, environment);
        return digests != null && digests.contains(digest);
    }

    @Override
    public Optional<PromotionRecord> promotion(String promotionId) {
        Promotion promotion = promotions.get(promotionId);
        return Optional.ofNullable(promotion == null ? null : promotion.record);
    }

    @Override
    public List<PromotionRecord> activePromotions() {
        return promotions.values().stream().map(p -> p.record).filter(r -> r != null && !r.state().isFinal()).toList();
    }

    @Override
    public List<LedgerEntry> history(String application) {
        return entries(byApplication.get(application));
    }

    @Override
    public List<LedgerEntry> digestHistory(Digest digest) {
        return entries(byDigest.get(digest));
    }

    @Override
    public List<LedgerEntry> promotionHistory(String promotionId) {
        Promotion promotion = promotions.get(promotionId);
        return entries(promotion == null ? null : promotion.locations);
    }

    @Override
    public DeliveryMetrics metrics(String application, String environment, MetricsWindow window) {
        return delivery.measure(application, environment, java.util.Objects.requireNonNull(window, "window must not be null"));
    }

    @Override
    public List<EphemeralRecord> ephemeralEnvironments() {
        return ephemeral.all();
    }

    @Override
    public Set<String> applications() {
        return new TreeSet<>(byApplication.keySet());
    }

    @Override
    public long size() {
        return size;
    }

    private List<LedgerEntry> entries(Locations locations) {
        if (locations == null) {
            return List.of();
        }
        List<LedgerEntry> entries = new ArrayList<>(locations.size);
        for (int i = 0; i < locations.size; i++) {
            long location = locations.values[i];
            entries.add(kept != null ? kept.get((int) location) : reader.read(location));
        }
        return java.util.Collections.unmodifiableList(entries);
    }

}

package io.jenkins.plugins.routetolive.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalLedger;
import io.jenkins.plugins.routetolive.engine.cluster.ControllerPresence;
import io.jenkins.plugins.routetolive.engine.cluster.OrphanedPromotions;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.CompactionReport;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.LeaseEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;

/**
 * Where the ledger and the single-version locks live: a journal under JENKINS_HOME with in-process locks,
 * or the Kubernetes API (ledger and leases) shared by several controllers. The only class that names the
 * durable ledger implementations.
 */
final class LedgerStore implements AutoCloseable {

    /** What decides which store is opened; a store opened with other settings is replaced when nothing is in flight. */
    record Settings(String store, String namespace, String controllerName) {
        static Settings of(RouteToLiveConfiguration config) {
            return new Settings(config.getLedgerStore(), config.getLedgerNamespace(), config.getControllerName());
        }

        String describe() {
            return RouteToLiveConfiguration.KUBERNETES.equals(store)
                    ? "the Kubernetes shared store in namespace " + (namespace.isEmpty() ? "default" : namespace)
                    + (controllerName.isEmpty() ? "" : " as " + controllerName)
                    : "the journal under JENKINS_HOME";
        }
    }

    static final String TAKEOVER_GRACE_PROPERTY = "io.jenkins.plugins.routetolive.takeoverGraceSeconds";

    final Ledger ledger;
    final EnvironmentLocks locks;
    final Settings settings;
    private final KubernetesLedger shared;
    private final KubernetesClient client;
    private final ControllerPresence presence;
    private OrphanedPromotions orphans;

    private LedgerStore(Ledger ledger, EnvironmentLocks locks, Settings settings, KubernetesLedger shared,
                        KubernetesClient client, ControllerPresence presence) {
        this.ledger = ledger;
        this.locks = locks;
        this.settings = settings;
        this.shared = shared;
        this.client = client;
        this.presence = presence;
    }

    static LedgerStore open(RouteToLiveConfiguration config, Clock clock, ScheduledExecutorService scheduler) {
        Settings settings = Settings.of(config);
        if (RouteToLiveConfiguration.KUBERNETES.equals(settings.store())) {
            return openShared(config, settings, clock, scheduler);
        }
        Path directory = Jenkins.get().getRootDir().toPath().resolve("route-to-live").resolve("ledger");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Route to Live ledger directory " + directory + ": "
                    + e.getMessage(), e);
        }
        return new LedgerStore(JournalLedger.open(directory), new InMemoryEnvironmentLocks(), settings, null, null, null);
    }

    /**
     * The client comes from the controller's own Kubernetes configuration (in-cluster service account, kubeconfig, or
     * {@code -Dkubernetes.master=…}). What was opened is closed again if the rest cannot be, so an API server that
     * cannot be reached does not leave a client behind on every attempt.
     */
    private static LedgerStore openShared(RouteToLiveConfiguration config, Settings settings, Clock clock,
                                          ScheduledExecutorService scheduler) {
        String namespace = settings.namespace().isEmpty() ? "default" : settings.namespace();
        String identity = config.controllerIdentity();
        KubernetesClient client = new KubernetesClientBuilder().build();
        KubernetesLedger ledger = null;
        try {
            ledger = new KubernetesLedger(client, namespace, identity, clock);
            EnvironmentLocks locks = new LeaseEnvironmentLocks(client, namespace, identity, Duration.ofSeconds(30),
                    scheduler, clock);
            ControllerPresence presence = new ControllerPresence(client, namespace, identity,
                    ControllerPresence.DEFAULT_LEASE_DURATION, scheduler, clock);
            presence.start(); // before promotions resume: a controller back within the grace period keeps its own
            return new LedgerStore(ledger, locks, settings, ledger, client, presence);
        } catch (RuntimeException e) {
            if (ledger != null) {
                ledger.close();
            }
            client.close();
            throw e;
        }
    }

    /**
     * Whether this controller runs the promotion: every promotion of the journal; in the shared store, those
     * this controller requested. Another controller's promotion (or one whose writer is not recorded) is
     * left to that controller.
     */
    boolean runsHere(String promotionId) {
        return shared == null || shared.controllerOf(promotionId).map(shared.controller()::equals).orElse(false);
    }

    /**
     * In the shared store, starts failing the promotions that stopped controllers left in flight (after the engine's
     * grace period), each through the service of its route; {@code announcer} tells of each takeover.
     */
    void sweepOrphans(PromotionService announcer, Function<PromotionRecord, PromotionService> serviceOf,
                      ScheduledExecutorService scheduler, Clock clock) {
        if (shared == null || orphans != null) {
            return;
        }
        orphans = new OrphanedPromotions(announcer, serviceOf, shared, presence, takeoverGracePeriod(), scheduler, clock);
        orphans.start();
    }

    /** Compacts the shared store's logs (see {@link KubernetesLedger#compact}); nothing for the journal. */
    Optional<CompactionReport> compact(long retainEntriesPerApplication) {
        return shared == null ? Optional.empty() : Optional.of(shared.compact(retainEntriesPerApplication));
    }

    /**
     * How long a stopped controller's promotions stay its own: the engine's default (10 minutes, since Jenkins restarts
     * take minutes), or {@code -Dio.jenkins.plugins.routetolive.takeoverGraceSeconds=N} on the controller's JVM.
     */
    static Duration takeoverGracePeriod() {
        long seconds = SystemProperties.getLong(TAKEOVER_GRACE_PROPERTY, OrphanedPromotions.DEFAULT_GRACE_PERIOD.toSeconds());
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    @Override
    public void close() {
        try {
            if (orphans != null) {
                orphans.close();
            }
            if (presence != null) {
                presence.close();
            }
            if (locks instanceof LeaseEnvironmentLocks leases) {
                leases.close();
            }
            ledger.close();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}

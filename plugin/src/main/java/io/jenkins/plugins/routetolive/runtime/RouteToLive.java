package io.jenkins.plugins.routetolive.runtime;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.init.Terminator;
import hudson.model.Job;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.CompactionReport;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.util.Timer;

/**
 * The engine as this controller runs it: one ledger, one set of single-version locks, one
 * {@link PromotionService} per configured route, the event router, the promotions waiting for a
 * decision, and the ephemeral environments of branches. Everything is an instance field of this
 * extension; nothing is static. The clock is the one time-based decisions use (gates, expiry of ephemeral
 * environments); tests move it with {@link #useClock}.
 */
@Extension
public final class RouteToLive {

    private static final Logger LOGGER = Logger.getLogger(RouteToLive.class.getName());

    private volatile Clock clock = Clock.systemUTC();
    private final EventRouter events = new EventRouter();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Runnable> waiting = new ConcurrentHashMap<>();
    private final Map<String, RouteService> services = new HashMap<>();
    private LedgerStore store;
    private BranchEnvironments branches;

    private record RouteService(Route route, PromotionService service) {
    }

    public static RouteToLive get() {
        return ExtensionList.lookupSingleton(RouteToLive.class);
    }

    public Clock clock() {
        return clock;
    }

    /** Replaces the clock (tests: an expiry in 73 hours is a clock 73 hours ahead); what holds the old one is rebuilt. */
    public synchronized void useClock(Clock replacement) {
        this.clock = Objects.requireNonNull(replacement, "clock");
        services.clear();
        branches = null;
    }

    /** The ephemeral environments of multibranch branches: deployment, teardown and the sweep. */
    public synchronized BranchEnvironments branchEnvironments() {
        if (branches == null) {
            branches = new BranchEnvironments(this);
        }
        return branches;
    }

    public EventRouter events() {
        return events;
    }

    public HttpClient http() {
        return http;
    }

    /** The shared scheduler gates and timeouts run on; nothing blocks on it. */
    public ScheduledExecutorService scheduler() {
        return Timer.get();
    }

    public synchronized Ledger ledger() {
        return store().ledger;
    }

    /**
     * The ledger if something has opened it already. What every page renders (the header's approval count)
     * asks this, so a page view never opens the ledger (or reaches the Kubernetes API) by itself.
     */
    public synchronized Optional<Ledger> openLedger() {
        return store == null ? Optional.empty() : Optional.of(store.ledger);
    }

    /** The service of the route the administrator assigned to this job. */
    public PromotionService service(Job<?, ?> job) {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        return service(config.routeNameFor(job.getFullName()));
    }

    /** The service of a configured route, rebuilt when the route's configuration changed. */
    public synchronized PromotionService service(String routeName) {
        Route route = RouteToLiveConfiguration.get().route(routeName);
        RouteService current = services.get(routeName);
        if (current == null || current.route() != route) {
            LedgerStore s = store();
            current = new RouteService(route, new PromotionService(route, s.ledger, s.locks, clock, events,
                    () -> UUID.randomUUID().toString(), AdmissionRules.standard()));
            services.put(routeName, current);
        }
        return current.service();
    }

    private LedgerStore store() {
        if (store == null) {
            RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
            store = LedgerStore.open(config, clock, scheduler());
            relock(config);
            store.sweepOrphans(service(config.routeNameFor("")), this::serviceOf, scheduler(), clock);
        }
        return store;
    }

    /** The service of the first route that has the promotion's environment (the default route's if none has). */
    private synchronized PromotionService serviceOf(PromotionRecord promotion) {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        return config.allRoutes().stream().filter(r -> r.find(promotion.environment()).isPresent()).findFirst()
                .map(r -> service(r.name())).orElseGet(() -> service(config.routeNameFor("")));
    }

    /**
     * In-process locks are lost with the process, and a restarted controller holds no lease renewals: promotions of
     * this controller still in flight in single-version environments take their place in line again, oldest first.
     * Another controller's promotions in a shared store are that controller's to hold, never this one's.
     */
    private void relock(RouteToLiveConfiguration config) {
        for (PromotionRecord p : inFlightHere()) {
            boolean single = config.allRoutes().stream().anyMatch(r -> r.find(p.environment())
                    .map(Environment::singleVersion).orElse(false));
            if (single) {
                store.locks.acquire(p.application(), p.environment(), p.id(), WaitMode.WAIT);
            }
        }
    }

    private List<PromotionRecord> inFlightHere() {
        return store.ledger.activePromotions().stream().filter(p -> store.runsHere(p.id())).toList();
    }

    /**
     * The administrator saved the configuration: if it now names another store (or namespace, or controller name), the
     * open one is closed and the next use opens the new one. Promotions of this controller in flight keep theirs (their
     * steps and approvals are recorded there), so then nothing changes before the next start of Jenkins.
     */
    synchronized void configurationSaved(RouteToLiveConfiguration config) {
        if (store == null || store.settings.equals(LedgerStore.Settings.of(config))) {
            return;
        }
        LedgerStore.Settings wanted = LedgerStore.Settings.of(config);
        List<PromotionRecord> inFlight;
        try {
            inFlight = inFlightHere();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Route to Live keeps its ledger in " + store.settings.describe() + " instead of "
                    + wanted.describe() + " until the next start of Jenkins: it cannot tell whether promotions of this"
                    + " controller are in flight", e);
            return;
        }
        if (!inFlight.isEmpty()) {
            LOGGER.warning(() -> "Route to Live keeps its ledger in " + store.settings.describe() + " instead of "
                    + wanted.describe() + " until the next start of Jenkins: promotions of this controller are in flight ("
                    + inFlight.stream().map(p -> p.application() + " " + p.version() + " to " + p.environment())
                    .collect(Collectors.joining(", ")) + "). Let them end first, or they cannot resume after the restart.");
            return;
        }
        LOGGER.info(() -> "Route to Live switches its ledger from " + store.settings.describe() + " to "
                + wanted.describe() + ".");
        shutdown();
    }

    /** Compacts the shared store by the configured retention, if it is open and retention is set; else nothing. */
    public synchronized Optional<CompactionReport> compactSharedLedger() {
        long retain = RouteToLiveConfiguration.get().getRetainEntriesPerApplication();
        return retain == 0 ? Optional.empty() : store().compact(retain);
    }

    /** Calls back when a decision on the promotion is recorded, until {@link #stopWaiting}. */
    public void awaitDecision(String promotionId, Runnable callback) {
        waiting.put(promotionId, callback);
    }

    public void stopWaiting(String promotionId) {
        waiting.remove(promotionId);
    }

    /** Tells the build waiting for this promotion that a decision was recorded. */
    public void decided(String promotionId) {
        Runnable callback = waiting.get(promotionId);
        if (callback != null) {
            scheduler().execute(callback);
        }
    }

    private synchronized void shutdown() {
        if (store != null) {
            LedgerStore closing = store;
            store = null;
            services.clear();
            branches = null;
            try {
                closing.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Cannot close the Route to Live ledger in " + closing.settings.describe(), e);
            }
        }
    }

    @Terminator
    public static void closeLedger() {
        ExtensionList<RouteToLive> all = ExtensionList.lookup(RouteToLive.class);
        for (RouteToLive r : all) {
            r.shutdown();
        }
    }

    /** Tells the engine when the administrator saves the Route to Live configuration (form or configuration as code). */
    @Extension
    public static final class ConfigurationListener extends SaveableListener {
        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (o instanceof RouteToLiveConfiguration config) {
                for (RouteToLive r : ExtensionList.lookup(RouteToLive.class)) {
                    r.configurationSaved(config);
                }
            }
        }
    }
}

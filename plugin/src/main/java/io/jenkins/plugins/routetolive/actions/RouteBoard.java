package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Reads applications from the ledger for the user of this request: which ones they may see, what each runs
 * where with its delivery metrics over {@code ?metricsDays=} (30 by default), and their history, newest first and
 * only what comes from builds they may read. Made per request.
 */
final class RouteBoard {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_METRICS_DAYS = 30;

    private final LedgerQueries ledger;
    private final ReadableBuilds builds;
    private final MetricsWindow window;

    RouteBoard(LedgerQueries ledger) {
        this.ledger = ledger;
        this.builds = new ReadableBuilds(ledger);
        this.window = MetricsWindow.endingNow(RouteToLive.get().clock(), Duration.ofDays(requestedMetricsDays()));
    }

    /** {@code ?metricsDays=} of the current request, 1 to 3650; {@value #DEFAULT_METRICS_DAYS} without it. */
    static int requestedMetricsDays() {
        return parameter("metricsDays", DEFAULT_METRICS_DAYS, 3650);
    }

    /** {@code ?limit=} of the current request, between 1 and {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} without it. */
    static int requestedLimit() {
        return parameter("limit", DEFAULT_LIMIT, MAX_LIMIT);
    }

    private static int parameter(String name, int otherwise, int max) {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        String text = request == null ? null : request.getParameter(name);
        try {
            return text == null ? otherwise : Math.max(1, Math.min(max, Integer.parseInt(text.trim())));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    boolean sees(String application) {
        return ledger.applications().contains(application) && builds.seesApplication(application);
    }

    /** The application, or null when the user may not see it; with its history when {@code limit} > 0. */
    ApplicationStatus application(String application, int limit) {
        if (!sees(application)) {
            return null;
        }
        List<LedgerEntry> newestFirst = new ArrayList<>(ledger.history(application));
        java.util.Collections.reverse(newestFirst);
        String routeName = routeOf(newestFirst);
        Route route = RouteToLiveConfiguration.get().route(routeName);
        Map<String, LedgerEntry> newestState = new HashMap<>();
        for (LedgerEntry e : newestFirst) {
            if (e.type() == EntryType.STATE_CHANGED) {
                newestState.putIfAbsent(e.environment(), e);
            }
        }
        List<EnvironmentStatus> environments = new ArrayList<>();
        for (Environment env : route.environments()) {
            if (env.role() == EnvironmentRole.DEPLOY) {
                var state = ledger.environment(application, env.name());
                String promotion = state.current().map(d -> d.promotionId()).orElse("");
                environments.add(new EnvironmentStatus(state, newestState.get(env.name()), builds.buildOf(promotion), builds,
                        new DeliveryMetricsView(ledger.metrics(application, env.name(), window))));
            }
        }
        return new ApplicationStatus(application, routeName, environments,
                limit > 0 ? history(newestFirst, limit) : null, limit);
    }

    private List<HistoryEntry> history(List<LedgerEntry> newestFirst, int limit) {
        List<HistoryEntry> history = new ArrayList<>();
        for (LedgerEntry e : newestFirst) {
            if (history.size() >= limit) {
                break;
            }
            if (builds.mayRead(e)) {
                String build = builds.buildOf(e);
                history.add(new HistoryEntry(e, build.isEmpty() || !builds.readable(build) ? null : build, builds));
            }
        }
        return history;
    }

    /** The route of the job whose build registered the application last (the first route when none did). */
    private static String routeOf(List<LedgerEntry> newestFirst) {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        for (LedgerEntry e : newestFirst) {
            String job = ReadableBuilds.jobName(e.attribute(LedgerEntry.Attributes.BUILD));
            if (e.type() == EntryType.ARTIFACT_REGISTERED && job != null) {
                String name = config.routeNameFor(job);
                if (config.allRoutes().stream().anyMatch(r -> r.name().equals(name))) {
                    return name;
                }
            }
        }
        return config.allRoutes().get(0).name();
    }
}

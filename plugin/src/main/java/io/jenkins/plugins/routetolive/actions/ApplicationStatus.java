package io.jenkins.plugins.routetolive.actions;

import hudson.model.Api;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One application along its route: what runs in each deploy environment and, where asked for, its recent
 * history. A row of the board, a section of the job's Environments page, and the page
 * {@code JENKINS_URL/route-to-live/application/NAME/}.
 */
@ExportedBean(defaultVisibility = 2)
public final class ApplicationStatus {

    private final String name;
    private final String route;
    private final List<EnvironmentStatus> environments;
    private final List<HistoryEntry> history;
    private final int limit;

    /** @param history newest first, at most {@code limit}; null when not asked for */
    ApplicationStatus(String name, String route, List<EnvironmentStatus> environments, List<HistoryEntry> history,
                      int limit) {
        this.name = name;
        this.route = route;
        this.environments = environments;
        this.history = history;
        this.limit = limit;
    }

    @Exported
    public String getName() {
        return name;
    }

    @Exported
    public String getRoute() {
        return route;
    }

    /** The route's deploy environments, in route order. */
    @Exported
    public List<EnvironmentStatus> getEnvironments() {
        return environments;
    }

    /** The environment of that name, or null when it is not on this application's route. */
    public EnvironmentStatus environment(String environment) {
        return environments.stream().filter(e -> e.getName().equals(environment)).findFirst().orElse(null);
    }

    /** Newest first, at most {@code ?limit=} entries (default {@value RouteBoard#DEFAULT_LIMIT}). */
    @Exported(skipNull = true)
    public List<HistoryEntry> getHistory() {
        return history;
    }

    /** Whether the history was cut at the limit (the page then offers more). */
    public boolean isHistoryCut() {
        return history != null && history.size() >= limit;
    }

    public int getNextLimit() {
        return Math.min(RouteBoard.MAX_LIMIT, limit * 4);
    }

    public boolean isBroken() {
        return environments.stream().anyMatch(EnvironmentStatus::isBroken);
    }

    public Api getApi() {
        return new Api(this);
    }
}

package io.jenkins.plugins.routetolive.actions;

import hudson.Extension;
import hudson.model.RootAction;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.Jenkins;

/** A Jenkins-wide page for release managers: every application × environment with the version running there. */
@Extension
public final class ReleaseDashboard implements RootAction {

    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? "clipboard.png" : null;
    }

    @Override
    public String getDisplayName() {
        return "Route to Live";
    }

    @Override
    public String getUrlName() {
        return "route-to-live";
    }

    /** Deploy environments of every configured route, in route order, each name once. */
    public List<String> getEnvironments() {
        Set<String> names = new LinkedHashSet<>();
        for (Route route : RouteToLiveConfiguration.get().allRoutes()) {
            for (Environment env : route.environments()) {
                if (env.role() == EnvironmentRole.DEPLOY) {
                    names.add(env.name());
                }
            }
        }
        return new ArrayList<>(names);
    }

    public Set<String> getApplications() {
        Jenkins.get().checkPermission(Jenkins.READ);
        return new TreeSet<>(RouteToLive.get().ledger().applications());
    }

    /** "1.2.0" (or "1.2.0, broken"), "-" when nothing runs there. */
    public String cell(String application, String environment) {
        LedgerQueries ledger = RouteToLive.get().ledger();
        EnvironmentState s = ledger.environment(application, environment);
        String running = s.current().map(d -> d.version() + " (" + d.digest().shortForm() + ")").orElse("-");
        return s.broken() ? running + ", broken: " + s.brokenReason() : running;
    }
}

package io.jenkins.plugins.routetolive.actions;

import hudson.Extension;
import hudson.model.Api;
import hudson.model.RootAction;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.management.Badge;
import jenkins.model.Jenkins;
import jenkins.security.stapler.StaplerDispatchable;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * {@code JENKINS_URL/route-to-live/}: the board of every application × environment the user may see, the
 * approval inbox at {@code approvals/}, each application's page at {@code application/NAME/}, and
 * {@code api/json}. The header link carries how many promotions the user may decide on now.
 */
@Extension
@ExportedBean
public final class ReleaseDashboard implements RootAction {

    private static final Logger LOGGER = Logger.getLogger(ReleaseDashboard.class.getName());

    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? "symbol-paper-plane-outline" : null;
    }

    @Override
    public String getDisplayName() {
        return "Route to Live";
    }

    @Override
    public String getUrlName() {
        return "route-to-live";
    }

    /** In the header on every page, where its badge says that approvals wait. */
    @Override
    public boolean isPrimaryAction() {
        return true;
    }

    /**
     * "2": promotions the user may approve or reject now. Asked by every page's header, so it never opens
     * the ledger itself and never fails a page.
     */
    @Override
    public Badge getBadge() {
        if (!Jenkins.get().hasPermission(Jenkins.READ)) {
            return null;
        }
        try {
            return RouteToLive.get().openLedger().map(ledger -> new ApprovalInbox(ledger).getBadge()).orElse(null);
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Cannot count the promotions awaiting approval", e);
            return null;
        }
    }

    private LedgerQueries ledger() {
        Jenkins.get().checkPermission(Jenkins.READ);
        return RouteToLive.get().ledger();
    }

    @StaplerDispatchable
    public ApprovalInbox getApprovals() {
        return new ApprovalInbox(ledger());
    }

    /** {@code application/NAME/}: one application's route and history; 404 when the user may not see it. */
    @StaplerDispatchable
    public ApplicationStatus getApplication(String name) {
        return new RouteBoard(ledger()).application(name, RouteBoard.requestedLimit());
    }

    public Api getApi() {
        return new Api(this);
    }

    /** Deploy environments of every configured route, in route order, each name once: the board's columns. */
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

    /** Every application the user may see, by name, filtered by {@code ?application=} (part of the name). */
    @Exported
    public List<ApplicationStatus> getApplications() {
        LedgerQueries ledger = ledger();
        RouteBoard board = new RouteBoard(ledger);
        String filter = getFilter();
        List<ApplicationStatus> rows = new ArrayList<>();
        for (String name : new TreeSet<>(ledger.applications())) {
            if (filter.isEmpty() || name.contains(filter)) {
                ApplicationStatus row = board.application(name, 0);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Names of the applications the user may see, for the filter's suggestions. */
    public List<String> getApplicationNames() {
        LedgerQueries ledger = ledger();
        RouteBoard board = new RouteBoard(ledger);
        return new TreeSet<>(ledger.applications()).stream().filter(board::sees).toList();
    }

    public String getFilter() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        String filter = request == null ? null : request.getParameter("application");
        return filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
    }
}

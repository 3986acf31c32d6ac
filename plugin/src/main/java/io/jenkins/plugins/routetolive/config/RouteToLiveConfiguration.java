package io.jenkins.plugins.routetolive.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Job;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.route.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Routes, which jobs use which route, and where the ledger lives (Manage Jenkins → System, or
 * {@code unclassified: routeToLive:} in configuration as code). The default six-environment route is
 * there out of the box. Jobs no assignment matches use the first route.
 */
@Extension
@Symbol("routeToLive")
public final class RouteToLiveConfiguration extends GlobalConfiguration {

    public static final String JOURNAL = "journal";
    public static final String KUBERNETES = "kubernetes";

    /** What the shared ledger accepts as a controller's name: a DNS label. */
    private static final Pattern CONTROLLER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private List<RouteConfig> routes = new ArrayList<>();
    private List<RouteAssignment> assignments = new ArrayList<>();
    private String ledgerStore = JOURNAL;
    private String ledgerNamespace = "";
    private String controllerName = "";
    private long retainEntriesPerApplication;
    private EphemeralConfig ephemeralEnvironments = new EphemeralConfig();
    private transient volatile Map<String, Route> compiled;

    public RouteToLiveConfiguration() {
        load();
        if (routes == null || routes.isEmpty()) {
            routes = new ArrayList<>(List.of(RouteConfig.from(DefaultRoute.create())));
        }
        if (assignments == null) {
            assignments = new ArrayList<>();
        }
        if (ephemeralEnvironments == null) {
            ephemeralEnvironments = new EphemeralConfig();
        }
        if (controllerName == null) {
            controllerName = "";
        }
    }

    public static RouteToLiveConfiguration get() {
        return hudson.ExtensionList.lookupSingleton(RouteToLiveConfiguration.class);
    }

    public List<RouteConfig> getRoutes() {
        return routes;
    }

    /** Refuses routes the engine refuses, with its message, so configuration as code cannot save them. */
    @DataBoundSetter
    public void setRoutes(List<RouteConfig> routes) {
        List<RouteConfig> given = routes == null ? new ArrayList<>() : new ArrayList<>(routes);
        Map<String, Route> checked = compile(given);
        this.routes = given;
        this.compiled = checked;
        save();
    }

    public List<RouteAssignment> getAssignments() {
        return assignments;
    }

    @DataBoundSetter
    public void setAssignments(List<RouteAssignment> assignments) {
        this.assignments = assignments == null ? new ArrayList<>() : new ArrayList<>(assignments);
        save();
    }

    public String getLedgerStore() {
        return ledgerStore;
    }

    /**
     * "journal" (under JENKINS_HOME) or "kubernetes" (shared store in the Kubernetes API). A change takes effect when no
     * promotion of this controller is in flight, else at the next start (see RouteToLive).
     */
    @DataBoundSetter
    public void setLedgerStore(String ledgerStore) {
        this.ledgerStore = KUBERNETES.equals(ledgerStore) ? KUBERNETES : JOURNAL;
        save();
    }

    public String getLedgerNamespace() {
        return ledgerNamespace;
    }

    @DataBoundSetter
    public void setLedgerNamespace(String ledgerNamespace) {
        this.ledgerNamespace = ledgerNamespace == null ? "" : ledgerNamespace.trim();
        save();
    }

    public long getRetainEntriesPerApplication() {
        return retainEntriesPerApplication;
    }

    /**
     * Retention of the Kubernetes shared store: each application's log keeps its newest records, this many, and of older
     * ones what defines current and last known good state (see docs/ledger-kubernetes.md); 0 keeps everything.
     */
    @DataBoundSetter
    public void setRetainEntriesPerApplication(long retainEntriesPerApplication) {
        if (retainEntriesPerApplication < 0) {
            throw new IllegalArgumentException("retainEntriesPerApplication must be 0 (keep everything) or more, but was "
                    + retainEntriesPerApplication);
        }
        this.retainEntriesPerApplication = retainEntriesPerApplication;
        save();
    }

    public String getControllerName() {
        return controllerName;
    }

    /**
     * How this controller names itself in the Kubernetes shared store (empty: {@link #defaultControllerIdentity()}).
     * Refuses what the store would refuse, so configuration as code cannot save it.
     */
    @DataBoundSetter
    public void setControllerName(String controllerName) {
        String name = controllerName == null ? "" : controllerName.trim();
        if (!name.isEmpty() && !CONTROLLER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(controllerNameRule(name));
        }
        this.controllerName = name;
        save();
    }

    private static String controllerNameRule(String name) {
        return "controllerName must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit,"
                + " but was '" + name + "'";
    }

    /**
     * The name this controller writes with in the shared ledger and holds leases under: the configured
     * controller name, else {@link #defaultControllerIdentity()}.
     */
    public String controllerIdentity() {
        return controllerName.isEmpty() ? defaultControllerIdentity() : controllerName;
    }

    /**
     * "jenkins-" and the first 12 hex digits of the SHA-256 of the instance id: stable for a JENKINS_HOME (it comes
     * from its secret key), different for every other home, and no copy of the instance id itself in the cluster.
     */
    public static String defaultControllerIdentity() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Jenkins.get().getLegacyInstanceId().getBytes(StandardCharsets.UTF_8));
            return "jenkins-" + HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    public FormValidation doCheckControllerName(@QueryParameter String value) {
        String name = value == null ? "" : value.trim();
        if (name.isEmpty()) {
            return FormValidation.ok("Empty: " + defaultControllerIdentity() + ", derived from this controller's instance id.");
        }
        return CONTROLLER_NAME.matcher(name).matches() ? FormValidation.ok() : FormValidation.error(controllerNameRule(name));
    }

    public EphemeralConfig getEphemeralEnvironments() {
        return ephemeralEnvironments;
    }

    /** The template, time to live and URL of ephemeral environments of multibranch branches. */
    @DataBoundSetter
    public void setEphemeralEnvironments(EphemeralConfig ephemeralEnvironments) {
        this.ephemeralEnvironments = ephemeralEnvironments == null ? new EphemeralConfig() : ephemeralEnvironments;
        save();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<RouteConfig> before = routes;
        List<RouteAssignment> assignmentsBefore = assignments;
        String storeBefore = ledgerStore;
        String namespaceBefore = ledgerNamespace;
        String controllerNameBefore = controllerName;
        EphemeralConfig ephemeralBefore = ephemeralEnvironments;
        routes = new ArrayList<>();
        assignments = new ArrayList<>();
        try {
            req.bindJSON(this, json);
            compile(routes);
            for (RouteAssignment a : assignments) {
                a.pattern();
                if (routes.stream().noneMatch(r -> r.getName().equals(a.getRoute()))) {
                    throw new IllegalArgumentException("route assignment '" + a.getJobPattern() + "' names route '"
                            + a.getRoute() + "', which is not configured");
                }
            }
        } catch (RuntimeException e) {
            routes = before;
            assignments = assignmentsBefore;
            ledgerStore = storeBefore;
            ledgerNamespace = namespaceBefore;
            controllerName = controllerNameBefore;
            ephemeralEnvironments = ephemeralBefore;
            compiled = null;
            save();
            throw new FormException(rootMessage(e), "routes");
        }
        compiled = null;
        save();
        return true;
    }

    /** The engine's own message, also when data binding wrapped the setter's exception. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }

    private static Map<String, Route> compile(List<RouteConfig> configs) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("at least one route must be configured");
        }
        Map<String, Route> byName = new LinkedHashMap<>();
        for (RouteConfig c : configs) {
            if (byName.put(c.getName(), c.toRoute()) != null) {
                throw new IllegalArgumentException("route '" + c.getName() + "' is configured twice: route names are unique");
            }
        }
        return byName;
    }

    private Map<String, Route> compiled() {
        Map<String, Route> c = compiled;
        if (c == null) {
            c = compile(routes);
            compiled = c;
        }
        return c;
    }

    /** The route the job uses: the first assignment whose pattern matches its full name, else the first route. */
    @NonNull
    public Route routeFor(Job<?, ?> job) {
        return route(routeNameFor(job.getFullName()));
    }

    public String routeNameFor(String jobFullName) {
        for (RouteAssignment a : assignments) {
            if (a.matches(jobFullName)) {
                return a.getRoute();
            }
        }
        return routes.get(0).getName();
    }

    @NonNull
    public Route route(String name) {
        Route route = compiled().get(name);
        if (route == null) {
            throw new IllegalArgumentException("no route named '" + name + "' is configured; the routes are "
                    + String.join(", ", compiled().keySet()));
        }
        return route;
    }

    public List<Route> allRoutes() {
        return List.copyOf(compiled().values());
    }

    /** The administrator's settings for one environment (Kubernetes defaults live here, not in the engine). */
    public EnvironmentConfig environmentConfig(String routeName, String environment) {
        return routes.stream().filter(r -> r.getName().equals(routeName)).findFirst()
                .flatMap(r -> r.environment(environment))
                .orElseThrow(() -> new IllegalArgumentException("route '" + routeName + "' has no environment '"
                        + environment + "'"));
    }

    public ListBoxModel doFillLedgerStoreItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("Journal under JENKINS_HOME", JOURNAL);
        items.add("Kubernetes shared store (the controller's in-cluster service account)", KUBERNETES);
        return items;
    }
}

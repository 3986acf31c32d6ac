package io.jenkins.plugins.routetolive;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Descriptor;
import hudson.model.Item;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.actions.PromotionView;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/** Shared set-up: the default route with one-second gates and no freeze, a health endpoint on 127.0.0.1, users, jobs. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The default route, gates passing on the first good probe; production keeps its approvals but not its freeze. */
    public static RouteConfig fastDefaultRoute() {
        RouteConfig route = RouteConfig.from(DefaultRoute.create());
        for (EnvironmentConfig env : route.getEnvironments()) {
            env.setGateIntervalSeconds(1);
            env.setGateTimeoutSeconds(1);
            env.setGateSuccessThreshold(1);
            env.setGateFailureThreshold(2);
            env.setGateDeadlineSeconds(20);
            env.setFreezeWindows(List.of());
        }
        return route;
    }

    public static void useRoute(RouteConfig route) {
        RouteToLiveConfiguration.get().setRoutes(List.of(route));
    }

    /**
     * The default route's people. Groups: testers (tess, tom), business (bob), release-managers (bob, rita, ravi).
     * Approve: tess, bob, rita, ravi, rex (in no group). Override: rhea, rita. Rollback: olga. admin administers;
     * dora only builds.
     */
    public static void secure(JenkinsRule j) {
        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("tess", "testers");
        realm.addGroups("tom", "testers");
        realm.addGroups("bob", "business", "release-managers");
        realm.addGroups("rita", "release-managers");
        realm.addGroups("ravi", "release-managers");
        realm.addGroups("rhea", "release-managers");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().toAuthenticated()
                .grant(RouteToLivePermissions.APPROVE).everywhere().to("tess", "bob", "rita", "ravi", "rex")
                .grant(RouteToLivePermissions.OVERRIDE).everywhere().to("rhea", "rita")
                .grant(RouteToLivePermissions.ROLLBACK).everywhere().to("olga")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
    }

    public static WorkflowJob job(JenkinsRule j, String name, String script)
            throws IOException, Descriptor.FormException {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** Starts the job as if this user pressed Build. */
    public static WorkflowRun startAs(WorkflowJob job, String user) throws Exception {
        return job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(user))).waitForStart();
    }

    /** The newest promotion of the build. */
    public static PromotionView newestPromotion(WorkflowRun run) {
        return run.getAction(PromotionAction.class).getPromotions().get(0);
    }

    /** POSTs approve or reject for the build's newest promotion as this user, with a crumb. */
    public static WebResponse decide(JenkinsRule j, WorkflowRun run, String user, String decision) throws Exception {
        return decide(j, run, user, decision, newestPromotion(run).getId());
    }

    public static WebResponse decide(JenkinsRule j, WorkflowRun run, String user, String decision, String promotionId)
            throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        wc.getOptions().setPrintContentOnFailingStatusCode(false);
        wc.getOptions().setRedirectEnabled(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), run.getUrl() + PromotionAction.URL_NAME + "/" + decision
                + "?promotionId=" + promotionId + "&comment=checked+by+" + user), HttpMethod.POST);
        wc.addCrumb(request);
        return wc.getPage(request).getWebResponse();
    }

    /** A health endpoint answering the status set in {@link #status}. */
    public static final class Health implements AutoCloseable {
        public final AtomicInteger status = new AtomicInteger(200);
        private final HttpServer server;

        public Health() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/health", exchange -> {
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Registers shop 1.0.0 from a workspace file, in a node, as {@code a}. */
    public static String registered(String version) {
        return "def a\n"
                + "node {\n"
                + "  writeFile file: 'shop.jar', text: 'shop " + version + "'\n"
                + "  a = registerArtifact application: 'shop', version: '" + version + "', file: 'shop.jar', "
                + "sourceRevision: 'abc123'\n"
                + "}\n";
    }

    /** Registers shop 1.0.0 and promotes it to development; the caller appends further steps. */
    public static String registeredAndInDevelopment(String healthUrl) {
        return registered("1.0.0")
                + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '" + healthUrl + "'\n";
    }
}

package io.jenkins.plugins.routetolive;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Descriptor;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** Shared set-up: the default route with one-second gates and no freeze, a health endpoint on 127.0.0.1, and jobs. */
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

    public static WorkflowJob job(JenkinsRule j, String name, String script)
            throws IOException, Descriptor.FormException {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
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

    /** Registers shop 1.0.0 and promotes it to development; the caller appends further steps. */
    public static String registeredAndInDevelopment(String healthUrl) {
        return "def a\n"
                + "node {\n"
                + "  writeFile file: 'shop.jar', text: 'shop 1.0.0'\n"
                + "  a = registerArtifact application: 'shop', version: '1.0.0', file: 'shop.jar', sourceRevision: 'abc123'\n"
                + "}\n"
                + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '" + healthUrl + "'\n";
    }
}

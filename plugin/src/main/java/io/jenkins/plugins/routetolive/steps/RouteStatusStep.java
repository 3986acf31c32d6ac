package io.jenkins.plugins.routetolive.steps;

import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * What runs where for an application, for scripts: a map from each deploy environment of the job's
 * route to {@code [version:, digest:, lastKnownGoodVersion:, lastKnownGoodDigest:, broken:]} ("" when none).
 */
public final class RouteStatusStep extends Step {

    private final String application;

    @DataBoundConstructor
    public RouteStatusStep(String application) {
        this.application = application;
    }

    public String getApplication() {
        return application;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, application);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Map<String, String>>> {

        private static final long serialVersionUID = 1L;
        private final String application;

        Execution(StepContext context, String application) {
            super(context);
            this.application = application;
        }

        @Override
        protected Map<String, Map<String, String>> run() throws Exception {
            try {
                Artifact.requireApplicationName(application);
            } catch (IllegalArgumentException e) {
                throw StepSupport.refusal(e);
            }
            PromotionService service = RouteToLive.get().service(getContext().get(Run.class).getParent());
            Map<String, Map<String, String>> status = new LinkedHashMap<>();
            for (Environment env : service.route().environments()) {
                if (env.role() != EnvironmentRole.DEPLOY) {
                    continue;
                }
                EnvironmentState s = service.ledger().environment(application, env.name());
                Map<String, String> row = new LinkedHashMap<>();
                row.put("version", s.current().map(d -> d.version()).orElse(""));
                row.put("digest", s.current().map(d -> d.digest().value()).orElse(""));
                row.put("lastKnownGoodVersion", s.lastKnownGood().map(d -> d.version()).orElse(""));
                row.put("lastKnownGoodDigest", s.lastKnownGood().map(d -> d.digest().value()).orElse(""));
                row.put("broken", s.broken() ? s.brokenReason() : "");
                status.put(env.name(), row);
            }
            return status;
        }
    }

    @Extension
    @Symbol("routeStatus")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class);
        }

        @Override
        public String getFunctionName() {
            return "routeStatus";
        }

        @Override
        public String getDisplayName() {
            return "What runs where for an application";
        }
    }
}

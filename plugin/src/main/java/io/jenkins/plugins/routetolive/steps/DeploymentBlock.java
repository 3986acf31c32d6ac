package io.jenkins.plugins.routetolive.steps;

import hudson.EnvVars;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The block of {@code withPromotion}, run as the promotion's deployment once the engine allows it. Its
 * steps see the promotion in environment variables, so a {@code sh} step can deploy exactly the digest
 * the engine admitted; when it ends, the execution verifies (or records the failure).
 */
final class DeploymentBlock {

    static final String PROMOTION_ID = "ROUTE_TO_LIVE_PROMOTION_ID";
    static final String APPLICATION = "ROUTE_TO_LIVE_APPLICATION";
    static final String VERSION = "ROUTE_TO_LIVE_VERSION";
    static final String DIGEST = "ROUTE_TO_LIVE_DIGEST";
    static final String ENVIRONMENT = "ROUTE_TO_LIVE_ENVIRONMENT";

    private DeploymentBlock() {
    }

    static BodyExecution start(StepContext context, Promotion promotion, PromoteExecution execution)
            throws IOException, InterruptedException {
        Variables variables = new Variables(Map.of(PROMOTION_ID, promotion.id(),
                APPLICATION, promotion.artifact().application(), VERSION, promotion.artifact().version(),
                DIGEST, promotion.artifact().digest().value(), ENVIRONMENT, promotion.environment()));
        return context.newBodyInvoker()
                .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class), variables))
                .withCallback(new Done(execution))
                .start();
    }

    private static final class Variables extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final TreeMap<String, String> values;

        Variables(Map<String, String> values) {
            this.values = new TreeMap<>(values); // a plain JDK map: it is saved with the Pipeline program
        }

        @Override
        public void expand(EnvVars env) {
            env.overrideAll(values);
        }
    }

    private static final class Done extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final PromoteExecution execution;

        Done(PromoteExecution execution) {
            this.execution = execution;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            execution.blockSucceeded();
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            execution.blockFailed(t);
        }
    }
}

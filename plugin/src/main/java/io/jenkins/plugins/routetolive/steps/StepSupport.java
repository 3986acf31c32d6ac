package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;

/** Small helpers shared by the steps: trimming inputs and turning engine refusals into build failures. */
final class StepSupport {

    private StepSupport() {
    }

    static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /** The engine's own message, without a stack trace in the build log. */
    static AbortException refusal(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof AbortException abort) {
            return abort;
        }
        return new AbortException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    /**
     * What a step fails with: an interruption (a stop, an abort) as it is, so Pipeline reports it as such; anything
     * else as the engine's message without a stack trace.
     */
    static Throwable failure(Throwable error) {
        return error instanceof AbortException || error instanceof InterruptedException
                || error instanceof FlowInterruptedException ? error : refusal(error);
    }

    /** What promoteRelease returns to the script: the release, its digest, how it ended and its component promotions. */
    static Map<String, String> result(ManifestOutcome outcome, List<String> promotionIds) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("release", outcome.manifest().name() + " " + outcome.manifest().version());
        result.put("digest", outcome.manifest().digest().value());
        result.put("state", outcome.state().name());
        result.put("message", outcome.message());
        result.put("promotionIds", String.join(",", promotionIds));
        return result;
    }

    /** What a promotion step returns to the script. */
    static Map<String, String> result(PromotionOutcome outcome) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("promotionId", outcome.promotionId());
        result.put("state", outcome.state().name());
        result.put("message", outcome.message());
        return result;
    }

    /** The choices for {@code deployment} in the Snippet Generator. */
    static ListBoxModel deploymentItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("External (something else deploys; only the gates run here)", DeploymentSpec.EXTERNAL);
        items.add("Kubernetes (the plugin updates the Deployment)", DeploymentSpec.KUBERNETES);
        return items;
    }
}

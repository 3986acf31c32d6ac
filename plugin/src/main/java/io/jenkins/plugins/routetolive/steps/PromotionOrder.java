package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import java.io.IOException;
import java.io.Serializable;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What a promotion step asked for, in plain strings a step execution keeps across a restart: the route
 * the administrator assigned to the job (fixed when the step starts), the artifact, the environment and
 * the change-control options.
 */
final class PromotionOrder implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int DEFAULT_APPROVAL_TIMEOUT_HOURS = 72;

    final String routeName;
    final String application;
    final String environment;
    private final String digest;
    private final String version;
    private final String freezeOverrideReason;
    final int approvalTimeoutHours;
    private final boolean refuseIfBusy;

    private PromotionOrder(String routeName, PromotionStep step) {
        this.routeName = routeName;
        this.application = step.getApplication();
        this.environment = step.getEnvironment();
        this.digest = step.getDigest();
        this.version = step.getVersion();
        this.freezeOverrideReason = step.getFreezeOverrideReason();
        this.approvalTimeoutHours = step.getApprovalTimeoutHours();
        this.refuseIfBusy = step.isRefuseIfBusy();
    }

    static PromotionOrder of(PromotionStep step, StepContext context) throws IOException, InterruptedException {
        if (step.getApprovalTimeoutHours() < 1) {
            throw new AbortException("approvalTimeoutHours must be at least 1, but was " + step.getApprovalTimeoutHours()
                    + "; leave it out for the default of " + DEFAULT_APPROVAL_TIMEOUT_HOURS + " hours.");
        }
        Run<?, ?> run = context.get(Run.class);
        return new PromotionOrder(RouteToLiveConfiguration.get().routeNameFor(run.getParent().getFullName()), step);
    }

    /**
     * The engine's request, for an environment the route has; the engine refuses unknown environments and bad
     * names, digests and versions with its own message.
     */
    PromotionRequest request(PromotionService service, Actor requester, String buildReference) throws AbortException {
        try {
            service.route().environment(environment);
            return new PromotionRequest(application, version.isEmpty() ? null : version,
                    digest.isEmpty() ? null : Digest.parse(digest), environment, requester,
                    freezeOverrideReason.isEmpty() ? Optional.empty() : Optional.of(new FreezeOverride(freezeOverrideReason)),
                    refuseIfBusy ? WaitMode.REFUSE : WaitMode.WAIT, buildReference);
        } catch (RuntimeException e) {
            throw StepSupport.refusal(e);
        }
    }

    String describe() {
        return application + " to " + environment;
    }
}

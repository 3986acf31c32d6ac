package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What {@code promoteRelease} asked for, in plain strings a step execution keeps across a restart: the route the
 * administrator assigned to the job, the environment, the manifest as its canonical JSON (so it is read again
 * after a restart exactly as it was, and checked against its digest), and the step's options.
 */
final class ReleaseOrder implements Serializable {

    private static final long serialVersionUID = 1L;
    /** "release.yaml", "deploy/release.json": a path where the content was expected. */
    private static final Pattern PATH = Pattern.compile("[^\\s:{}\\[\\]]+\\.(ya?ml|json)");

    final String routeName;
    final String environment;
    private final String manifestJson;
    private final String manifestDigest;
    private final String healthUrlPattern;
    private final String freezeOverrideReason;
    final int approvalTimeoutHours;
    private transient ReleaseManifest manifest;

    private ReleaseOrder(String routeName, PromoteReleaseStep step, ReleaseManifest manifest) {
        this.routeName = routeName;
        this.environment = step.getEnvironment();
        this.manifestJson = manifest.canonicalJson();
        this.manifestDigest = manifest.digest().value();
        this.healthUrlPattern = step.getHealthUrlPattern();
        this.freezeOverrideReason = step.getFreezeOverrideReason();
        this.approvalTimeoutHours = step.getApprovalTimeoutHours();
        this.manifest = manifest;
    }

    /** Reads the manifest text the step was given; refuses a path, a bad manifest and bad options with what to do. */
    static ReleaseOrder of(PromoteReleaseStep step, StepContext context) throws Exception {
        String text = step.getManifest();
        if (text.isBlank()) {
            throw new AbortException("promoteRelease needs manifest: the release manifest's content, e.g. "
                    + "manifest: readFile('release.yaml') inside node { }.");
        }
        if (PATH.matcher(text.strip()).matches()) {
            throw new AbortException("promoteRelease takes the manifest's content, not its path '" + text.strip() + "': read it "
                    + "inside node { } and promote outside, so no executor is held while approvals are awaited: "
                    + "def release; node { release = readFile '" + text.strip() + "' }; promoteRelease manifest: release, "
                    + "environment: '" + step.getEnvironment() + "', …");
        }
        if (step.getApprovalTimeoutHours() < 1) {
            throw new AbortException("approvalTimeoutHours must be at least 1, but was " + step.getApprovalTimeoutHours()
                    + "; leave it out for the default of " + PromotionOrder.DEFAULT_APPROVAL_TIMEOUT_HOURS + " hours.");
        }
        ReleaseManifest manifest;
        try {
            manifest = ReleaseManifest.parse("promoteRelease manifest", text);
        } catch (RuntimeException e) {
            throw StepSupport.refusal(e);
        }
        Run<?, ?> run = context.get(Run.class);
        ReleaseOrder order = new ReleaseOrder(RouteToLiveConfiguration.get().routeNameFor(run.getParent().getFullName()),
                step, manifest);
        order.requireGates();
        return order;
    }

    /** The manifest, read again from its canonical JSON after a restart. */
    synchronized ReleaseManifest manifest() {
        if (manifest == null) {
            ReleaseManifest read = ReleaseManifest.parse("the manifest kept by the build", manifestJson);
            if (!read.digest().value().equals(manifestDigest)) {
                throw new IllegalStateException("the manifest kept by the build reads as " + read.digest().value()
                        + " but was " + manifestDigest + "; promote the release again");
            }
            manifest = read;
        }
        return manifest;
    }

    /** The health URL of a component: the pattern with {application} replaced, or "" without a pattern. */
    String healthUrl(String application) {
        return healthUrlPattern.replace("{application}", application);
    }

    Optional<FreezeOverride> override() {
        return freezeOverrideReason.isEmpty() ? Optional.empty() : Optional.of(new FreezeOverride(freezeOverrideReason));
    }

    /** A component the plugin does not deploy is verified by its health URL alone, so it needs the pattern. */
    private void requireGates() throws AbortException {
        List<String> ungated = manifest.components().stream().filter(c -> !c.pinned() && c.kubernetes().isEmpty())
                .map(ManifestComponent::application).toList();
        if (healthUrlPattern.isEmpty() && !ungated.isEmpty()) {
            throw new AbortException("promoteRelease needs healthUrlPattern (e.g. 'https://{application}." + environment
                    + ".example.com/health') to gate " + String.join(", ", ungated) + " in " + environment
                    + ": without a kubernetes target in the manifest, something else deploys them and only a health URL "
                    + "can verify them.");
        }
    }

    String describe() {
        return "release " + manifest().describe() + " to " + environment;
    }
}

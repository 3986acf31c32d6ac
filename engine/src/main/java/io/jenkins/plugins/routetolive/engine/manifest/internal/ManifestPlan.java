package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a manifest promotion will do, decided before anything starts: which components change (each checked
 * against every admission rule) and which are checked and left alone. Refuses the whole manifest, listing
 * every problem, when any component is refused.
 */
public record ManifestPlan(ReleaseManifest manifest, String environment, List<PromotionRequest> changes,
                           List<ManifestComponent> unchanged) {

    /**
     * @param buildReference what asked for it (a build), recorded with each component promotion; "" for the
     *                       manifest's own name and version
     */
    public static ManifestPlan of(PromotionService service, ReleaseManifest manifest, String environment, Actor requester,
                                  Optional<FreezeOverride> override, String buildReference) {
        String build = buildReference == null || buildReference.isEmpty()
                ? "manifest " + manifest.name() + " " + manifest.version() : buildReference;
        List<PromotionRequest> changes = new ArrayList<>();
        List<ManifestComponent> unchanged = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ManifestComponent c : manifest.deploymentOrder()) {
            EnvironmentState state = service.ledger().environment(c.application(), environment);
            boolean running = !state.broken() && state.current().map(Deployed::digest).filter(c.digest()::equals).isPresent()
                    && state.lastKnownGood().map(Deployed::digest).filter(c.digest()::equals).isPresent();
            if (running) {
                unchanged.add(c);
                continue;
            }
            if (c.pinned()) {
                problems.add(c.application() + " is pinned at " + c.version() + " (" + c.digest().shortForm() + ") but "
                        + environment + " runs " + state.current().map(d -> d.version() + " (" + d.digest().shortForm() + ")")
                        .orElse("nothing") + (state.broken() ? " and is broken" : "") + "; promote " + c.application()
                        + " there on its own first, or unpin it so the manifest deploys it");
                continue;
            }
            PromotionRequest request = new PromotionRequest(c.application(), c.version(), c.digest(), environment, requester,
                    override, WaitMode.WAIT, build);
            try {
                service.check(request);
                changes.add(request);
            } catch (PromotionRefusedException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PromotionRefusedException("Cannot promote manifest " + manifest.describe() + " to " + environment + ": "
                    + problems.size() + " of " + manifest.components().size() + " components cannot go; nothing was deployed. "
                    + String.join(" | ", problems));
        }
        return new ManifestPlan(manifest, environment, List.copyOf(changes), List.copyOf(unchanged));
    }
}

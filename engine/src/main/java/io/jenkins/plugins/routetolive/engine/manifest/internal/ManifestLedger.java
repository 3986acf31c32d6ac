package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a manifest's facts to the ledger: its components, its outcome, the restores it made. */
public final class ManifestLedger {

    private final PromotionService service;
    private final ReleaseManifest manifest;
    private final String environment;

    public ManifestLedger(PromotionService service, ReleaseManifest manifest, String environment) {
        this.service = service;
        this.manifest = manifest;
        this.environment = environment;
    }

    /** The manifest attributes every manifest entry carries. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(LedgerEntry.Attributes.MANIFEST, manifest.name());
        attributes.put(LedgerEntry.Attributes.MANIFEST_VERSION, manifest.version());
        attributes.put(LedgerEntry.Attributes.MANIFEST_DIGEST, manifest.digest().value());
        return attributes;
    }

    /** A component and what the manifest does with it (deployed, pinned, unchanged), under its promotion id if any. */
    public void component(String promotionId, ManifestComponent component, String role, String actor) {
        Map<String, String> attributes = attributes();
        attributes.put(LedgerEntry.Attributes.MANIFEST_ROLE, role);
        service.append(promotionId, component.artifact(), environment, EntryType.MANIFEST_COMPONENT, null, actor,
                "part of manifest " + manifest.name() + " " + manifest.version(), attributes);
    }

    /** A verified component restored (or not) because another failed. */
    public void restored(String promotionId, ManifestComponent component, Artifact restored, String verdict, String reason) {
        Map<String, String> attributes = attributes();
        attributes.put(LedgerEntry.Attributes.VERDICT, verdict);
        if (restored != null) {
            attributes.put(LedgerEntry.Attributes.RESTORED_VERSION, restored.version());
            attributes.put(LedgerEntry.Attributes.RESTORED_DIGEST, restored.digest().value());
        }
        service.append(promotionId, component.artifact(), environment, EntryType.MANIFEST_ROLLBACK, null, "system", reason,
                attributes);
        service.publish(EventKind.ROLLED_BACK, promotionId, component.application(), environment, reason);
    }

    /** How the manifest's promotion ended, recorded under the manifest's own name, version and digest. */
    public void outcome(String label, String failedComponent, String actor, String message) {
        Map<String, String> attributes = attributes();
        attributes.put(LedgerEntry.Attributes.MANIFEST_OUTCOME, label);
        if (failedComponent != null) {
            attributes.put(LedgerEntry.Attributes.FAILED_COMPONENT, failedComponent);
        }
        attributes.put(LedgerEntry.Attributes.COMPONENTS, manifest.components().stream()
                .map(c -> c.application() + " " + c.version() + " " + c.digest().value())
                .collect(Collectors.joining(", ")));
        service.append("", new Artifact(manifest.name(), manifest.version(), manifest.digest()), environment,
                EntryType.MANIFEST_OUTCOME, null, actor, message, attributes);
    }
}

package io.jenkins.plugins.routetolive.engine.provenance;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.provenance.internal.StoryReader;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers "how did this digest get here?": one {@link ProvenanceDocument} per digest or release manifest,
 * read from the ledger: source revision, the build that registered it, every environment it entered with
 * times, gate evidence, approvers and overrides, rehearsals, rollbacks, and where it runs now.
 */
public final class Provenance {

    private final LedgerQueries ledger;
    private final Route route;

    public Provenance(LedgerQueries ledger, Route route) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.route = Objects.requireNonNull(route, "route");
    }

    /** The story of one artifact; throws {@link NotInRouteException} when the digest never entered the route. */
    public ProvenanceDocument forDigest(String application, Digest digest) {
        return new ProvenanceDocument(route.name(), Optional.empty(), List.of(story(application, digest)));
    }

    /**
     * The story of every component of a manifest and of the manifest's own promotions; throws
     * {@link NotInRouteException} naming the components that never entered the route.
     */
    public ProvenanceDocument forManifest(ReleaseManifest manifest) {
        List<ProvenanceDocument.ArtifactStory> stories = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ManifestComponent c : manifest.components()) {
            try {
                stories.add(story(c.application(), c.digest()));
            } catch (NotInRouteException e) {
                missing.add(c.describe());
            }
        }
        if (!missing.isEmpty()) {
            throw new NotInRouteException("Manifest " + manifest.describe() + " has components that never entered route '"
                    + route.name() + "': " + String.join(", ", missing) + ". No build registered them, so the ledger has no "
                    + "story for them; register them (registerArtifact) in the builds that produced them.");
        }
        List<ProvenanceDocument.ManifestPromotion> promotions = ledger.history(manifest.name()).stream()
                .filter(e -> e.type() == EntryType.MANIFEST_OUTCOME
                        && manifest.digest().value().equals(e.attribute(LedgerEntry.Attributes.MANIFEST_DIGEST)))
                .map(e -> new ProvenanceDocument.ManifestPromotion(e.environment(),
                        e.attribute(LedgerEntry.Attributes.MANIFEST_OUTCOME),
                        Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.FAILED_COMPONENT), ""), e.actor(), e.time()))
                .toList();
        return new ProvenanceDocument(route.name(), Optional.of(new ProvenanceDocument.ManifestStory(manifest.name(),
                manifest.version(), manifest.digest(), promotions)), stories);
    }

    /** The document as an in-toto Statement v1. */
    public static String toInTotoJson(ProvenanceDocument document) {
        return document.toInTotoJson();
    }

    private ProvenanceDocument.ArtifactStory story(String application, Digest digest) {
        if (ledger.registration(application, digest).isEmpty()) {
            throw new NotInRouteException(application + " " + digest + " never entered route '" + route.name()
                    + "': no build registered it, so there is no provenance to export. Check the digest (the ledger knows "
                    + describeKnown(application) + "), or register the artifact (registerArtifact) in the build that "
                    + "produced it.");
        }
        return new StoryReader(ledger, route).read(application, digest);
    }

    private String describeKnown(String application) {
        long versions = ledger.history(application).stream().filter(e -> e.type() == EntryType.ARTIFACT_REGISTERED).count();
        return versions == 0 ? "no artifact of " + application : versions + " registered artifact(s) of " + application;
    }
}

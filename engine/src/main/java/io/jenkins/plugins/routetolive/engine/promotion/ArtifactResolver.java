package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;

import java.util.Optional;

/** Finds the registered artifact a request names, refusing rebuilds: one digest per name and version. */
final class ArtifactResolver {

    private final LedgerQueries ledger;

    ArtifactResolver(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    /** The existing registration if this exact artifact is registered; empty if it is new; throws on a rebuild. */
    Optional<RegisteredArtifact> checkRegistration(Artifact artifact) {
        Optional<RegisteredArtifact> byVersion = ledger.registration(artifact.application(), artifact.version());
        if (byVersion.isPresent()) {
            Artifact known = byVersion.get().artifact();
            if (!known.digest().equals(artifact.digest())) {
                throw new PromotionRefusedException("Refused: " + artifact.application() + " " + artifact.version()
                        + " is already registered with digest " + known.digest() + ", and this is a different build with "
                        + artifact.digest() + ". Promote, never rebuild: promote the registered artifact, or give this "
                        + "build a new version.");
            }
            return byVersion;
        }
        Optional<RegisteredArtifact> byDigest = ledger.registration(artifact.application(), artifact.digest());
        if (byDigest.isPresent()) {
            throw new PromotionRefusedException("Refused: " + artifact.digest() + " is already registered as "
                    + artifact.application() + " " + byDigest.get().artifact().version() + "; one artifact has one version. "
                    + "Promote " + byDigest.get().artifact().version() + " instead of registering it again as "
                    + artifact.version() + ".");
        }
        return Optional.empty();
    }

    RegisteredArtifact resolve(PromotionRequest request) {
        String app = request.application();
        if (request.digest() != null && request.version() != null) {
            ledger.registration(app, request.version()).ifPresent(known -> {
                if (!known.artifact().digest().equals(request.digest())) {
                    throw new PromotionRefusedException("Refused: " + app + " " + request.version() + " was registered with "
                            + "digest " + known.artifact().digest() + ", not " + request.digest() + ". Promote, never rebuild: "
                            + "promote the registered digest, or register the new build under a new version.");
                }
            });
        }
        if (request.digest() != null) {
            RegisteredArtifact byDigest = ledger.registration(app, request.digest()).orElseThrow(() ->
                    new PromotionRefusedException("Cannot promote " + app + " " + request.digest() + ": no such artifact "
                            + "has been registered. Register it (registerArtifact) in the build that produced it first."));
            if (request.version() != null && !request.version().equals(byDigest.artifact().version())) {
                throw new PromotionRefusedException("Cannot promote " + app + " " + request.version() + " with digest "
                        + request.digest() + ": that digest is registered as version " + byDigest.artifact().version()
                        + ". Promote, never rebuild: name the version and digest that were registered together.");
            }
            return byDigest;
        }
        return ledger.registration(app, request.version()).orElseThrow(() -> new PromotionRefusedException(
                "Cannot promote " + app + " " + request.version() + ": no such version has been registered. Register it "
                        + "(registerArtifact) in the build that produced it first."));
    }
}

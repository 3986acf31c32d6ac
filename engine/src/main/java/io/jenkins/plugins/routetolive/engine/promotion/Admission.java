package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.time.Instant;

/** Everything an {@link AdmissionRule} may look at when deciding whether a promotion may start. */
public record Admission(Route route, Environment target, RegisteredArtifact artifact, PromotionRequest request,
                        LedgerQueries ledger, Instant now) {
}

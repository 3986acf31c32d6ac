package io.jenkins.plugins.routetolive.engine.rollback;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A rollback someone asks for: to the release before the one running (the newest digest verified in the
 * environment that is not running there now), or to a named digest that was verified there earlier. It is recorded as a promotion of kind {@value #KIND_ROLLBACK} through the same
 * state machine (requested → deploying → verifying → verified, with automated rollback if its gate fails),
 * so the ledger, the console and the last known good treat it like any other deployment. It skips the
 * admission rules (sequence, freeze windows, approvals): restoring a verified artifact is always allowed
 * to someone with the Rollback permission.
 */
public final class ManualRollback {

    /** Ledger attribute on the REQUESTED entry that says what kind of promotion it is. */
    public static final String KIND_ATTRIBUTE = "kind";
    public static final String KIND_ROLLBACK = "rollback";

    private final PromotionService service;

    public ManualRollback(PromotionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Rolls the environment back. The future fails with {@link PromotionRefusedException} when the actor
     * lacks the Rollback permission, the reason is blank, or the digest was never verified there.
     */
    public CompletableFuture<PromotionOutcome> rollBack(String application, String environment, Optional<Digest> target,
                                                        Actor actor, String reason, Deployer deployer, Gate gate) {
        String id;
        try {
            Artifact restore = choose(application, environment, target, actor, reason);
            id = "rollback-" + UUID.randomUUID().toString().substring(0, 8);
            service.append(id, restore, environment, EntryType.STATE_CHANGED, PromotionState.REQUESTED, actor.id(), reason,
                    Map.of(KIND_ATTRIBUTE, KIND_ROLLBACK));
            service.publish(EventKind.REQUESTED, id, application, environment, actor.id() + " requested a rollback of "
                    + environment + " to " + restore.describe() + ": " + reason);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return new Rollout(service).deployAndVerify(id, deployer, gate);
    }

    private Artifact choose(String application, String environment, Optional<Digest> target, Actor actor, String reason) {
        Objects.requireNonNull(target, "target");
        if (!actor.has(Privilege.ROLLBACK)) {
            throw new PromotionRefusedException(actor.id() + " may not roll back " + application + " in " + environment
                    + ": that needs the Rollback permission.");
        }
        if (reason == null || reason.isBlank()) {
            throw new PromotionRefusedException("A rollback of " + application + " in " + environment
                    + " needs a reason (why the running version must go).");
        }
        Map<Digest, String> allowed = verifiedThere(application, environment);
        if (target.isEmpty()) {
            return previousRelease(application, environment, allowed);
        }
        Digest digest = target.get();
        String version = allowed.get(digest);
        if (version == null) {
            throw new PromotionRefusedException("Cannot roll back " + application + " in " + environment + " to "
                    + digest.shortForm() + ": it was never verified there. Digests verified in " + environment + ": "
                    + (allowed.isEmpty() ? "none" : allowed.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().value())
                    .collect(Collectors.joining(", "))) + ".");
        }
        return new Artifact(application, version, digest);
    }

    /**
     * "The release before the one running": the newest digest verified in the environment that is not what
     * runs there now. When nothing runs (never deployed, or scaled to zero) that is the last known good.
     */
    private Artifact previousRelease(String application, String environment, Map<Digest, String> verified) {
        Optional<Deployed> running = service.ledger().environment(application, environment).current();
        Optional<Digest> runningDigest = running.map(Deployed::digest);
        for (Map.Entry<Digest, String> candidate : verified.entrySet()) {
            if (runningDigest.filter(candidate.getKey()::equals).isEmpty()) {
                return new Artifact(application, candidate.getValue(), candidate.getKey());
            }
        }
        if (verified.isEmpty()) {
            throw new PromotionRefusedException("Cannot roll back " + application + " in " + environment
                    + ": nothing was ever verified there, so there is no earlier release to return to.");
        }
        Deployed now = running.orElseThrow();
        throw new PromotionRefusedException("Cannot roll back " + application + " in " + environment + ": "
                + now.version() + " (" + now.digest().shortForm() + "), which runs there now, is the only release ever "
                + "verified there, so there is no earlier release to return to.");
    }

    /** Every digest verified in the environment, newest first, with its version. */
    private Map<Digest, String> verifiedThere(String application, String environment) {
        Map<Digest, String> found = new LinkedHashMap<>();
        var history = service.ledger().history(application);
        for (int i = history.size() - 1; i >= 0; i--) {
            LedgerEntry e = history.get(i);
            if (e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.VERIFIED && e.environment().equals(environment)) {
                found.putIfAbsent(e.digest(), e.version());
            }
        }
        return found;
    }
}

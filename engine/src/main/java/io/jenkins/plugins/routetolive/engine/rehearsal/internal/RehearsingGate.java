package io.jenkins.plugins.routetolive.engine.rehearsal.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.message.Sentences;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.GateRecorder;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gate a rehearsing rollout evaluates: the real gate on the new release, then roll back to the last
 * known good and gate it, then redeploy the new release and gate it. Its verdict is that of the last step
 * that ran (so the rollout records it); the verdicts of earlier steps are recorded here, and so is the
 * rehearsal with its timings. Only the first evaluation rehearses: when the rollout gates its own rollback
 * with this gate, the real gate answers alone. When the new release fails its first gate, nothing is
 * rehearsed and no rehearsal is recorded.
 */
public final class RehearsingGate implements Gate {

    private final PromotionService service;
    private final Deployer deployer;
    private final Gate gate;
    private final Optional<Deployed> lastKnownGood;
    private final GateRecorder recorder;
    private final AtomicBoolean started = new AtomicBoolean();

    public RehearsingGate(PromotionService service, Deployer deployer, Gate gate, Optional<Deployed> lastKnownGood) {
        this.service = service;
        this.deployer = deployer;
        this.gate = gate;
        this.lastKnownGood = lastKnownGood;
        this.recorder = new GateRecorder(service);
    }

    @Override
    public String describe() {
        return gate.describe() + ", with a rollback rehearsal";
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        if (!started.compareAndSet(false, true)) {
            // the rollout gating its own rollback: no second rehearsal
            return gate.evaluate(subject);
        }
        Run run = new Run(subject, service.clock().instant());
        return run.gate("gate of the new release", subject.artifact(), null).thenCompose(first -> {
            if (!first.passed()) {
                // the release itself is unhealthy: nothing was rehearsed, the rollout rolls back as usual
                return CompletableFuture.completedFuture(first);
            }
            Optional<Deployed> target = lastKnownGood.filter(d -> !d.digest().equals(subject.artifact().digest()));
            if (target.isEmpty()) {
                return CompletableFuture.completedFuture(run.finish(RehearsalResult.NOTHING_TO_ROLL_BACK_TO, first,
                        "there is no earlier verified release in " + subject.environment() + " to roll back to"));
            }
            if (!deployer.canRollback()) {
                return CompletableFuture.completedFuture(run.finish(RehearsalResult.FAILED, failed(first,
                        deployer.describe() + " cannot roll back, so the rollback cannot be rehearsed"), "the deployer cannot roll back"));
            }
            Artifact old = new Artifact(subject.artifact().application(), target.get().version(), target.get().digest());
            run.restored = old;
            run.record(first, subject.artifact());
            return run.gate("rollback to " + old.describe(), old, deploy(old, subject, true)).thenCompose(back -> {
                if (!back.passed()) {
                    return CompletableFuture.completedFuture(run.finish(RehearsalResult.FAILED, back,
                            "the last known good " + old.describe() + " failed its gate after the rehearsed rollback"));
                }
                run.record(back, old);
                return run.gate("redeploy of the new release", subject.artifact(), deploy(subject.artifact(), subject, false))
                        .thenApply(again -> run.finish(again.passed() ? RehearsalResult.PASSED : RehearsalResult.FAILED, again,
                                again.passed() ? "rolled back to " + old.describe() + " and forward again, every step healthy"
                                        : "the new release failed its gate after the rehearsed rollback and redeploy"));
            });
        });
    }

    private CompletableFuture<Void> deploy(Artifact artifact, GateSubject subject, boolean rollback) {
        service.publish(EventKind.DEPLOYING, subject.promotionId(), artifact.application(), subject.environment(),
                "Rollback rehearsal in " + subject.environment() + ": " + (rollback ? "rolling back to " : "redeploying ")
                        + artifact.describe() + " with " + deployer.describe() + ".");
        return deployer.deploy(new DeploymentRequest(artifact, subject.environment(), subject.promotionId(), rollback));
    }

    private static GateVerdict failed(GateVerdict verdict, String why) {
        return new GateVerdict(verdict.gate(), false, why, verdict.evidence(), verdict.took());
    }

    /** One rehearsal: its steps, timings and what it restored. */
    private final class Run {
        private final GateSubject subject;
        private final Instant started;
        private final List<String> steps = new ArrayList<>();
        private Artifact restored;

        Run(GateSubject subject, Instant started) {
            this.subject = subject;
            this.started = started;
        }

        /** Deploys (when a deployment is given) and gates one step; a failed deployment is a failed verdict. */
        CompletableFuture<GateVerdict> gate(String step, Artifact artifact, CompletableFuture<Void> deployment) {
            Instant begin = service.clock().instant();
            CompletableFuture<Void> deployed = deployment == null ? CompletableFuture.completedFuture(null) : deployment;
            return deployed.thenCompose(ok -> {
                Instant gated = service.clock().instant();
                return gate.evaluate(new GateSubject(artifact, subject.environment(), subject.promotionId()))
                        .thenApply(v -> {
                            steps.add(step + ": " + (deployment == null ? "" : "deployed in " + millis(begin, gated) + ", ")
                                    + "gate " + (v.passed() ? "passed" : "failed") + " in " + millis(gated, service.clock().instant()));
                            return v;
                        });
            }).exceptionally(error -> {
                String why = step + ": deployment failed: " + root(error);
                steps.add(why);
                return new GateVerdict(gate.describe(), false, why, List.of(), Duration.between(begin, service.clock().instant()));
            });
        }

        void record(GateVerdict verdict, Artifact judged) {
            recorder.record(subject.promotionId(), judged, subject.environment(), verdict);
        }

        GateVerdict finish(RehearsalResult result, GateVerdict last, String why) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put(LedgerEntry.Attributes.REHEARSAL, result.label());
            attributes.put(LedgerEntry.Attributes.REHEARSAL_STEPS, String.join("; ", steps));
            attributes.put(LedgerEntry.Attributes.TOOK_MILLIS,
                    String.valueOf(Duration.between(started, service.clock().instant()).toMillis()));
            if (restored != null) {
                attributes.put(LedgerEntry.Attributes.RESTORED_VERSION, restored.version());
                attributes.put(LedgerEntry.Attributes.RESTORED_DIGEST, restored.digest().value());
            }
            service.append(subject.promotionId(), subject.artifact(), subject.environment(), EntryType.REHEARSAL, null,
                    "system", why, attributes);
            service.publish(EventKind.GATE, subject.promotionId(), subject.artifact().application(), subject.environment(),
                    Sentences.end("Rollback rehearsal of " + subject.artifact().describe() + " in " + subject.environment() + " "
                            + (result == RehearsalResult.NOTHING_TO_ROLL_BACK_TO ? "skipped" : result.label()) + " after "
                            + millis(started, service.clock().instant()) + ": " + why));
            String summary = result == RehearsalResult.PASSED ? "rollback rehearsal passed (" + last.summary() + ")"
                    : result == RehearsalResult.NOTHING_TO_ROLL_BACK_TO ? last.summary() + "; nothing to roll back to, rehearsal skipped"
                    : "rollback rehearsal failed: " + why + " (" + last.summary() + ")";
            return new GateVerdict(last.gate(), result.counts() && last.passed(), summary, last.evidence(),
                    Duration.between(started, service.clock().instant()));
        }
    }

    private static String millis(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%d ms", Duration.between(from, to).toMillis());
    }

    private static String root(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.ImageReference;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.BlueGreenSwitch;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.CanarySteps;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.DeploymentCopy;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.DeploymentEdits;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.KubernetesCalls;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.RollingUpdate;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.StrategyContext;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.StrategyRun;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Deploys to a Kubernetes Deployment through the fabric8 client with a rolling, blue/green or canary
 * strategy. The image is always set by digest ({@code repo@sha256:…}): the repository comes from a
 * registered OCI reference when one is given, otherwise from the container's current image; a tag is
 * never used. The Deployment is annotated with {@code routetolive.io/application}, {@code /environment},
 * {@code /version}, {@code /digest} and {@code /promotion-id}.
 *
 * <p>Blue/green and canary set themselves up: a missing {@code <deployment>-blue}, {@code -green} or
 * {@code -canary} is created as a copy of the Deployment that serves (same pod template, one more pod label,
 * zero replicas until it takes the new image). Where the blue/green Service still selects the plain
 * {@code <deployment>}, blue first takes over from it as a copy running the same image. Nothing that serves is
 * deleted or scaled down, and the Service is switched only to pods it would select that are ready. When there is
 * nothing to copy from, the deployment is refused, naming what to create.
 *
 * <p>Faults: a 409 is re-read and retried; 429, 5xx and timeouts are retried with backoff until the gate
 * deadline; a 403 fails at once naming the verb, resource and namespace to grant. API calls run on the
 * shared scheduler (fabric8's calls are synchronous; each is bounded by the client's request timeout).
 */
public final class KubernetesDeployer implements Deployer {

    /** Annotation keys set on every Deployment this deployer changes. */
    public static final String APPLICATION_ANNOTATION = DeploymentEdits.APPLICATION;
    public static final String ENVIRONMENT_ANNOTATION = DeploymentEdits.ENVIRONMENT;
    public static final String VERSION_ANNOTATION = DeploymentEdits.VERSION;
    public static final String DIGEST_ANNOTATION = DeploymentEdits.DIGEST;
    public static final String PROMOTION_ANNOTATION = DeploymentEdits.PROMOTION;
    /** The pod label a blue/green Service selects on: "blue" or "green". */
    public static final String COLOUR_LABEL = DeploymentEdits.COLOUR;
    /** The pod label of a canary Deployment the deployer created: "canary". */
    public static final String TRACK_LABEL = DeploymentEdits.TRACK;
    /** On a Deployment the deployer created as a copy: the name of the Deployment it was copied from. */
    public static final String COPIED_FROM_ANNOTATION = DeploymentCopy.COPIED_FROM;

    private final KubernetesTarget target;
    private final DeploymentStrategy strategy;
    private final StrategyRun run;

    public KubernetesDeployer(KubernetesClient client, KubernetesTarget target, DeploymentStrategy strategy, Gates gates,
                              GateDefaults timing, ScheduledExecutorService scheduler, Clock clock) {
        this(client, target, strategy, gates, timing, scheduler, clock, artifact -> Optional.empty());
    }

    /**
     * @param registeredImages the OCI reference registered for an artifact, if any (its digest must be the artifact's)
     */
    public KubernetesDeployer(KubernetesClient client, KubernetesTarget target, DeploymentStrategy strategy, Gates gates,
                              GateDefaults timing, ScheduledExecutorService scheduler, Clock clock,
                              Function<Artifact, Optional<ImageReference>> registeredImages) {
        Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(registeredImages, "registeredImages");
        DeploymentEdits edits = new DeploymentEdits(client, target.namespace(), target.container(),
                new KubernetesCalls(scheduler, clock), registeredImages);
        StrategyContext context = new StrategyContext(client, target, edits, gates, timing, clock);
        if (strategy instanceof DeploymentStrategy.BlueGreen b) {
            this.run = new BlueGreenSwitch(context, b.service());
        } else if (strategy instanceof DeploymentStrategy.Canary c) {
            this.run = new CanarySteps(context, c.stepPercents());
        } else {
            this.run = new RollingUpdate(context);
        }
    }

    /**
     * Applies the artifact with the strategy. Rolling completes once the Deployment is updated; blue/green
     * once the new colour has rolled out and the Service selects it; canary once every step passed. The
     * future fails with {@link KubernetesCallException} or {@link RolloutAbortedException}, saying what serves now.
     */
    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        return run.deploy(request);
    }

    /** Scales the application's Deployments to zero, remembering the replica count for the next deployment. */
    @Override
    public CompletableFuture<Void> scaleToZero(String application, String environment) {
        return run.scaleToZero();
    }

    /** The gate that says the serving pods have rolled out; combine it with application gates via {@link Gates#allOf}. */
    public Gate rolloutGate() {
        return run.rolloutGate();
    }

    public KubernetesTarget target() {
        return target;
    }

    public DeploymentStrategy strategy() {
        return strategy;
    }

    @Override
    public String describe() {
        return "Kubernetes " + strategy.describe() + " of " + target.describe();
    }
}

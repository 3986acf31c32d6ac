package io.jenkins.plugins.routetolive.runtime;

import hudson.AbortException;
import hudson.model.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.credentials.KubernetesClients;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.ExternalDeployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.kubernetes.DeploymentStrategy;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesDeployer;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The deployer and gate of one promotion, built from its {@link DeploymentSpec} and the environment's
 * defaults, and the engine rollout that uses them. The only class that names the engine's deployers,
 * gates and rollouts; holds the Kubernetes client until {@link #close()}.
 */
public final class RolloutPlan implements AutoCloseable {

    /** What deploys with deployment: 'external', as the log says it ("… with external deployment by …"). */
    private static final String OUTSIDE = "another tool (Route to Live only verifies it)";

    private final Environment environment;
    private final Deployer deployer;
    private final Gate gate;
    private final KubernetesClient client;

    private RolloutPlan(Environment environment, Deployer deployer, Gate gate, KubernetesClient client) {
        this.environment = environment;
        this.deployer = deployer;
        this.gate = gate;
        this.client = client;
    }

    public static RolloutPlan build(DeploymentSpec spec, String routeName, Environment environment, Run<?, ?> run)
            throws IOException {
        RouteToLive rtl = RouteToLive.get();
        EnvironmentConfig config = RouteToLiveConfiguration.get().environmentConfig(routeName, environment.name());
        GateDefaults timing = environment.gates();
        Gates gates = new Gates(rtl.scheduler(), rtl.clock());
        KubernetesClient client = null;
        Deployer deployer = null;
        List<Gate> checks = new ArrayList<>();
        try {
            if (spec.byKubernetes() || !spec.deploymentName.isEmpty()) {
                String namespace = spec.namespace.isEmpty() ? config.getKubernetesNamespace() : spec.namespace;
                if (namespace.isEmpty() || spec.deploymentName.isEmpty()) {
                    throw new AbortException("A Kubernetes deployment to " + environment.name() + " needs a namespace "
                            + "(from the step or the environment's defaults) and deploymentName; got namespace '"
                            + namespace + "' and deploymentName '" + spec.deploymentName + "'.");
                }
                client = KubernetesClients.forEnvironment(config, namespace, run);
                if (spec.byKubernetes()) {
                    KubernetesDeployer kubernetes = new KubernetesDeployer(client, new KubernetesTarget(namespace,
                            spec.deploymentName, spec.container.isEmpty() ? spec.deploymentName : spec.container),
                            strategy(spec), gates, timing, rtl.scheduler(), rtl.clock());
                    deployer = kubernetes;
                    checks.add(kubernetes.rolloutGate()); // what serves: for blue/green the colour the Service selects
                } else {
                    checks.add(gates.kubernetesRollout(client, namespace, spec.deploymentName, timing));
                }
            }
            if (DeploymentSpec.EXTERNAL.equals(spec.deployment)) {
                deployer = new ExternalDeployer(OUTSIDE);
            }
            if (!spec.healthUrl.isEmpty()) {
                URI url = HttpProbe.requireHttp(URI.create(spec.healthUrl));
                checks.add(new ThresholdGate(new HttpProbe(url, timing.timeout(), rtl.http(), rtl.clock()), timing,
                        rtl.scheduler(), rtl.clock()));
            }
            if (!spec.tcpAddress.isEmpty()) {
                int colon = spec.tcpAddress.lastIndexOf(':');
                if (colon <= 0) {
                    throw new AbortException("tcpAddress must be 'host:port', but was '" + spec.tcpAddress + "'.");
                }
                checks.add(gates.tcp(spec.tcpAddress.substring(0, colon), port(spec.tcpAddress.substring(colon + 1)), timing));
            }
        } catch (IllegalArgumentException e) {
            closeQuietly(client);
            throw new AbortException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
        if (checks.isEmpty()) {
            closeQuietly(client);
            throw new AbortException("Promotion to " + environment.name() + " needs a health gate: give healthUrl: "
                    + "'http://…', tcpAddress: 'host:port' or deploymentName (the Kubernetes rollout status is a gate).");
        }
        Gate gate = checks.size() == 1 ? checks.get(0) : gates.allOf(checks);
        if (!timing.soak().isZero()) {
            gate = gates.withSoak(gate, timing.soak());
        }
        return new RolloutPlan(environment, deployer, new EvidenceKeepingGate(gate, run), client);
    }

    private static int port(String text) throws AbortException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AbortException("tcpAddress must end in a port number, but ended in '" + text + "'.");
        }
    }

    private static DeploymentStrategy strategy(DeploymentSpec spec) throws AbortException {
        switch (spec.strategy) {
            case DeploymentSpec.ROLLING:
                return new DeploymentStrategy.Rolling();
            case DeploymentSpec.BLUE_GREEN:
                if (spec.blueGreenService.isEmpty()) {
                    throw new AbortException("The blueGreen strategy needs blueGreenService: the Service that switches "
                            + "between the blue and the green Deployment.");
                }
                return new DeploymentStrategy.BlueGreen(spec.blueGreenService);
            case DeploymentSpec.CANARY:
                return DeploymentStrategy.Canary.fromSteps(spec.canarySteps);
            default:
                throw new AbortException("strategy must be rolling, blueGreen or canary, but was '" + spec.strategy + "'.");
        }
    }

    /** Deploys and verifies; rehearses the rollback where the environment asks for it. */
    public CompletableFuture<PromotionOutcome> deployAndVerify(PromotionService service, String promotionId) {
        if (environment.rehearseRollback()) {
            return new RehearsalRollout(service).deployAndVerify(promotionId, deployer, gate);
        }
        return new Rollout(service).deployAndVerify(promotionId, deployer, gate);
    }

    /** Verifies what the pipeline's own deployment block put there. */
    public CompletableFuture<PromotionOutcome> verifyExternal(PromotionService service, String promotionId) {
        return new Rollout(service).verifyExternal(promotionId, gate);
    }

    /**
     * Picks up a promotion that was deploying or verifying when the controller stopped; where the environment
     * rehearses its rollback, the resumed promotion rehearses it too (Production refuses an unrehearsed artifact).
     */
    public CompletableFuture<PromotionOutcome> resume(PromotionService service, String promotionId) {
        if (deployer != null && environment.rehearseRollback()) {
            return new RehearsalRollout(service).resume(promotionId, deployer, gate);
        }
        return new Rollout(service).resume(promotionId, Optional.ofNullable(deployer), gate);
    }

    /** Gate only, for a rollback's own verification. */
    public Gate gate() {
        return gate;
    }

    public Deployer deployer() {
        return deployer;
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(KubernetesClient client) {
        if (client != null) {
            client.close();
        }
    }
}

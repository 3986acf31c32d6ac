package io.jenkins.plugins.routetolive.runtime;

import hudson.AbortException;
import java.io.Serializable;

/**
 * How a promotion is deployed and gated, as the step was given it: plain strings only, so a step
 * execution can keep it across a restart and rebuild deployers and gates from it.
 *
 * <p>{@code deployment} is "external" (something else deployed it), "kubernetes" (the plugin updates the
 * Deployment with {@code strategy}) or "pipeline" (the {@code withPromotion} block). Wherever a
 * {@code deploymentName} is given, that Deployment's rollout readiness is part of the gate.
 */
public final class DeploymentSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String EXTERNAL = "external";
    public static final String KUBERNETES = "kubernetes";
    public static final String PIPELINE = "pipeline";
    public static final String ROLLING = "rolling";
    public static final String BLUE_GREEN = "blueGreen";
    public static final String CANARY = "canary";

    final String deployment;
    final String namespace;
    final String deploymentName;
    final String container;
    final String strategy;
    final String blueGreenService;
    final String canarySteps;
    final String healthUrl;
    final String tcpAddress;

    private DeploymentSpec(String deployment, String namespace, String deploymentName, String container, String strategy,
                           String blueGreenService, String canarySteps, String healthUrl, String tcpAddress) {
        this.deployment = blankToDefault(deployment, EXTERNAL);
        this.namespace = blankToDefault(namespace, "");
        this.deploymentName = blankToDefault(deploymentName, "");
        this.container = blankToDefault(container, "");
        this.strategy = blankToDefault(strategy, ROLLING);
        this.blueGreenService = blankToDefault(blueGreenService, "");
        this.canarySteps = blankToDefault(canarySteps, "");
        this.healthUrl = blankToDefault(healthUrl, "");
        this.tcpAddress = blankToDefault(tcpAddress, "");
    }

    /** A deployment the plugin makes ("kubernetes") or that was made elsewhere ("external"). */
    public static DeploymentSpec byPlugin(String deployment, String namespace, String deploymentName, String container,
                                          String strategy, String blueGreenService, String canarySteps, String healthUrl,
                                          String tcpAddress) throws AbortException {
        String kind = blankToDefault(deployment, EXTERNAL);
        if (!EXTERNAL.equals(kind) && !KUBERNETES.equals(kind)) {
            throw new AbortException("deployment must be 'external' or 'kubernetes', but was '" + kind + "'. To deploy "
                    + "with your own steps, put them in the block of withPromotion(…) { … } instead of promote.");
        }
        return new DeploymentSpec(kind, namespace, deploymentName, container, strategy, blueGreenService, canarySteps,
                healthUrl, tcpAddress);
    }

    /** The pipeline's own block deploys; the gates, and the Deployment's rollout if one is named, verify it. */
    public static DeploymentSpec byPipeline(String namespace, String deploymentName, String container, String healthUrl,
                                            String tcpAddress) {
        return new DeploymentSpec(PIPELINE, namespace, deploymentName, container, ROLLING, "", "", healthUrl, tcpAddress);
    }

    public boolean byPipeline() {
        return PIPELINE.equals(deployment);
    }

    boolean byKubernetes() {
        return KUBERNETES.equals(deployment);
    }

    private static String blankToDefault(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}

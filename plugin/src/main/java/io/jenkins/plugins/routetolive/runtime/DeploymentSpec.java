package io.jenkins.plugins.routetolive.runtime;

import java.io.Serializable;

/**
 * How a promotion is deployed and gated, as the step was given it: plain strings only, so a step
 * execution can keep it across a restart and rebuild deployers and gates from it.
 *
 * @param deployment     "external" (nothing deployed by the plugin), "kubernetes", or "pipeline" (the step's body)
 * @param strategy       "rolling", "blueGreen" or "canary" (Kubernetes only)
 * @param canarySteps    percentages, "10,50" (canary only)
 * @param tcpAddress     "host:port" to connect to, or ""
 */
public final class DeploymentSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String EXTERNAL = "external";
    public static final String KUBERNETES = "kubernetes";
    public static final String PIPELINE = "pipeline";

    final String deployment;
    final String namespace;
    final String deploymentName;
    final String container;
    final String strategy;
    final String blueGreenService;
    final String canarySteps;
    final String healthUrl;
    final String tcpAddress;

    public DeploymentSpec(String deployment, String namespace, String deploymentName, String container, String strategy,
                          String blueGreenService, String canarySteps, String healthUrl, String tcpAddress) {
        this.deployment = blankToDefault(deployment, EXTERNAL);
        this.namespace = blankToDefault(namespace, "");
        this.deploymentName = blankToDefault(deploymentName, "");
        this.container = blankToDefault(container, "");
        this.strategy = blankToDefault(strategy, "rolling");
        this.blueGreenService = blankToDefault(blueGreenService, "");
        this.canarySteps = blankToDefault(canarySteps, "");
        this.healthUrl = blankToDefault(healthUrl, "");
        this.tcpAddress = blankToDefault(tcpAddress, "");
    }

    public boolean byPipeline() {
        return PIPELINE.equals(deployment);
    }

    private static String blankToDefault(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}

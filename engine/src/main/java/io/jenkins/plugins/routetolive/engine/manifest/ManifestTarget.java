package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.kubernetes.DeploymentStrategy;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where one component of a release runs on Kubernetes, as its manifest says (the {@code kubernetes} block of
 * a component): the Deployment, optionally its namespace and container, and the strategy that rolls the new
 * digest out. The cluster and its credentials are the environment's; so is the namespace when none is given,
 * which lets one manifest move through environments that each have their own namespace.
 *
 * @param deploymentName the Deployment whose container takes the component's digest
 * @param namespace      its namespace, or "" for the environment's default namespace
 * @param container      the container whose image is replaced; "" is normalised to {@code deploymentName}
 * @param strategy       rolling update, blue/green switch of a Service, or canary steps
 */
public record ManifestTarget(String deploymentName, String namespace, String container, DeploymentStrategy strategy) {

    /** The strategy names a manifest uses, as the promote step does. */
    public static final String ROLLING = "rolling";
    public static final String BLUE_GREEN = "blueGreen";
    public static final String CANARY = "canary";

    public ManifestTarget {
        KubernetesTarget.requireName("kubernetes.deploymentName", deploymentName);
        namespace = Objects.requireNonNullElse(namespace, "").trim();
        if (!namespace.isEmpty()) {
            requireLabel("kubernetes.namespace", namespace);
        }
        container = Objects.requireNonNullElse(container, "").trim();
        container = container.isEmpty() ? deploymentName : requireLabel("kubernetes.container", container);
        strategy = Objects.requireNonNullElseGet(strategy, DeploymentStrategy.Rolling::new);
    }

    /**
     * A target as a manifest writes it. Empty strings are "not given". {@code blueGreenService} belongs to the
     * blueGreen strategy only and is required there; {@code canarySteps} ("10,50", the final 100 implied) to canary.
     *
     * @throws IllegalArgumentException naming the field, the rule and the value
     */
    public static ManifestTarget of(String deploymentName, String namespace, String container, String strategy,
                                    String blueGreenService, String canarySteps) {
        return new ManifestTarget(deploymentName, namespace, container,
                strategy(blank(strategy) ? ROLLING : strategy.trim(), trim(blueGreenService), trim(canarySteps)));
    }

    private static DeploymentStrategy strategy(String name, String blueGreenService, String canarySteps) {
        if (!List.of(ROLLING, BLUE_GREEN, CANARY).contains(name)) {
            throw new IllegalArgumentException("kubernetes.strategy must be " + ROLLING + ", " + BLUE_GREEN + " or "
                    + CANARY + ", but was '" + name + "'");
        }
        onlyWith(BLUE_GREEN, "blueGreenService", blueGreenService, name);
        onlyWith(CANARY, "canarySteps", canarySteps, name);
        switch (name) {
            case ROLLING:
                return new DeploymentStrategy.Rolling();
            case BLUE_GREEN:
                if (blueGreenService.isEmpty()) {
                    throw new IllegalArgumentException("kubernetes.blueGreenService is required with strategy " + BLUE_GREEN
                            + ": name the Service that switches between the -blue and the -green Deployment");
                }
                requireLabel("kubernetes.blueGreenService", blueGreenService);
                return new DeploymentStrategy.BlueGreen(blueGreenService);
            default:
                if (canarySteps.isEmpty()) {
                    throw new IllegalArgumentException("kubernetes.canarySteps is required with strategy " + CANARY
                            + ", e.g. '10,50' (percentages of the stable replicas; the final 100 is implied)");
                }
                try {
                    return DeploymentStrategy.Canary.fromSteps(canarySteps);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().startsWith("canarySteps") ? "kubernetes." + e.getMessage()
                            : "kubernetes.canarySteps: " + e.getMessage());
                }
        }
    }

    private static void onlyWith(String strategy, String field, String value, String given) {
        if (!given.equals(strategy) && !value.isEmpty()) {
            throw new IllegalArgumentException("kubernetes." + field + " is only used with strategy " + strategy
                    + ", but strategy was " + given + "; remove " + field + " or set strategy: " + strategy);
        }
    }

    /** "rolling", "blueGreen" or "canary". */
    public String strategyName() {
        if (strategy instanceof DeploymentStrategy.BlueGreen) {
            return BLUE_GREEN;
        }
        return strategy instanceof DeploymentStrategy.Canary ? CANARY : ROLLING;
    }

    /** The blue/green Service, or "" for other strategies. */
    public String blueGreenService() {
        return strategy instanceof DeploymentStrategy.BlueGreen b ? b.service() : "";
    }

    /** The canary steps with the final 100, or an empty list for other strategies. */
    public List<Integer> canarySteps() {
        return strategy instanceof DeploymentStrategy.Canary c ? c.stepPercents() : List.of();
    }

    /** The canary steps as a user writes them ("10,50,100"), or "". */
    public String canaryStepsText() {
        return canarySteps().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The full target in an environment whose default namespace is given; refuses when there is none. */
    public KubernetesTarget in(String environment, String defaultNamespace) {
        String ns = namespace.isEmpty() ? Objects.requireNonNullElse(defaultNamespace, "").trim() : namespace;
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("deployment " + deploymentName + " needs a namespace in " + environment
                    + ": give kubernetes.namespace in the manifest or set the environment's Kubernetes namespace");
        }
        return new KubernetesTarget(ns, deploymentName, container);
    }

    /** "rolling update of deployment api (namespace of the environment)" */
    public String describe() {
        return strategy.describe() + " of deployment " + deploymentName
                + (namespace.isEmpty() ? " (namespace of the environment)" : " in namespace " + namespace);
    }

    private static String requireLabel(String field, String value) {
        return KubernetesTarget.checkLabel(field, value, 63);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}

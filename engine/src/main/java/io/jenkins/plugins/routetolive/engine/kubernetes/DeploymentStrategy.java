package io.jenkins.plugins.routetolive.engine.kubernetes;

import java.util.List;
import java.util.Objects;

/** How a new image reaches the pods: a native rolling update, a blue/green switch, or canary steps. */
public sealed interface DeploymentStrategy permits DeploymentStrategy.Rolling, DeploymentStrategy.BlueGreen,
        DeploymentStrategy.Canary {

    String describe();

    /** The Deployment's own rolling update: the image is replaced in place. */
    record Rolling() implements DeploymentStrategy {
        @Override
        public String describe() {
            return "rolling update";
        }
    }

    /**
     * Two Deployments, {@code <deployment>-blue} and {@code <deployment>-green}, and a Service whose selector
     * ({@code routetolive.io/colour}) is switched to the new colour once it has rolled out. A rollback to the
     * digest the other colour still runs switches back at once.
     */
    record BlueGreen(String service) implements DeploymentStrategy {
        public BlueGreen {
            KubernetesTarget.requireLabel("blue/green service", service, 63);
        }

        @Override
        public String describe() {
            return "blue/green switch of service " + service;
        }
    }

    /**
     * A {@code <deployment>-canary} Deployment takes the new image and is scaled, step by step, to the given
     * percentages of the stable replica count, gated at each step. At 100 % the stable Deployment takes the
     * new image and the canary goes back to zero; an abort scales the canary to zero and leaves stable serving.
     */
    record Canary(List<Integer> stepPercents) implements DeploymentStrategy {
        public Canary {
            Objects.requireNonNull(stepPercents, "canary stepPercents must not be null");
            stepPercents = List.copyOf(stepPercents);
            if (stepPercents.isEmpty() || stepPercents.get(stepPercents.size() - 1) != 100) {
                throw new IllegalArgumentException("canary stepPercents must end with 100, but were " + stepPercents);
            }
            int previous = 0;
            for (int p : stepPercents) {
                if (p <= previous || p > 100) {
                    throw new IllegalArgumentException("canary stepPercents must rise strictly from 1 to 100, but were "
                            + stepPercents);
                }
                previous = p;
            }
        }

        @Override
        public String describe() {
            return "canary in steps of " + stepPercents.stream().map(p -> p + " %")
                    .collect(java.util.stream.Collectors.joining(" → "));
        }
    }
}

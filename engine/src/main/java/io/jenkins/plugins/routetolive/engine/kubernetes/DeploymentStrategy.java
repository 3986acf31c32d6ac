package io.jenkins.plugins.routetolive.engine.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
     *
     * <p>The final 100 % may be left out: {@code [10, 50]} means {@code [10, 50, 100]}. Steps must rise
     * strictly, each from 1 to 100.
     */
    record Canary(List<Integer> stepPercents) implements DeploymentStrategy {

        private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
        private static final Pattern STEP = Pattern.compile("(-?\\d{1,9})%?");

        public Canary {
            stepPercents = withFinalStep(stepPercents, String.valueOf(stepPercents));
        }

        /**
         * Canary steps as a user writes them, e.g. {@code "10,50"}: whole percentages separated by commas or
         * spaces, each optionally followed by {@code %}; the final 100 is implied.
         *
         * @throws IllegalArgumentException naming the value that is not a step
         */
        public static Canary fromSteps(String steps) {
            String shown = "'" + steps + "'";
            if (steps == null || steps.isBlank()) {
                throw new IllegalArgumentException("canarySteps must list percentages of the stable replicas such as "
                        + "'10,50' (the final 100 is implied), but was " + shown);
            }
            List<Integer> percents = new ArrayList<>();
            for (String step : SEPARATORS.split(steps.strip())) {
                Matcher m = STEP.matcher(step);
                if (!m.matches()) {
                    throw new IllegalArgumentException("canarySteps must be whole percentages separated by commas such as "
                            + "'10,50', but '" + step + "' in " + shown + " is not one");
                }
                percents.add(Integer.parseInt(m.group(1)));
            }
            return new Canary(withFinalStep(percents, shown));
        }

        private static List<Integer> withFinalStep(List<Integer> given, String shown) {
            Objects.requireNonNull(given, "canary stepPercents must not be null");
            if (given.isEmpty()) {
                throw new IllegalArgumentException("canary steps must name at least one percentage, such as 10,50 "
                        + "(the final 100 is implied), but were " + shown);
            }
            List<Integer> steps = new ArrayList<>(given.size() + 1);
            int previous = 0;
            for (Integer p : given) {
                if (p == null || p < 1 || p > 100) {
                    throw new IllegalArgumentException("canary steps must each be a percentage from 1 to 100, but " + p
                            + " was given in " + shown);
                }
                if (p <= previous) {
                    throw new IllegalArgumentException("canary steps must rise strictly, but " + p + " follows " + previous
                            + " in " + shown);
                }
                steps.add(p);
                previous = p;
            }
            if (previous != 100) {
                steps.add(100);
            }
            return List.copyOf(steps);
        }

        @Override
        public String describe() {
            return "canary in steps of " + stepPercents.stream().map(p -> p + " %").collect(Collectors.joining(" → "));
        }
    }
}

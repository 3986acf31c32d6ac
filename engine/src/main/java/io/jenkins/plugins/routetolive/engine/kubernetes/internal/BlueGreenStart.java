package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a blue/green deployment starts from, decided from what exists before anything changes: the
 * Service's selector, the colour it selects, the Deployment that serves now, and the Deployment a missing
 * colour is copied from.
 *
 * <ul>
 *   <li>The Service selects a colour: that colour's Deployment serves and is the template.</li>
 *   <li>The Service selects no colour and the plain {@code <deployment>} exists (a namespace that used rolling
 *       updates): the plain Deployment serves and is the template; it is {@link #takingOver() taken over}.</li>
 *   <li>The Service selects no colour, there is no plain Deployment, but colours exist (made by hand, never
 *       switched): nothing is known to serve; blue is deployed first.</li>
 *   <li>Anything else is refused, saying what is missing and what to create.</li>
 * </ul>
 *
 * @param colours the colour Deployments that exist, by colour
 */
record BlueGreenStart(Names names, Map<String, String> selector, Optional<String> colour, Optional<Deployment> serving,
                      Deployment template, Map<String, Deployment> colours) {

    /** The names involved, for messages. */
    record Names(String namespace, String deployment, String service) {
        String of(String colour) {
            return deployment + "-" + colour;
        }
    }

    /** Whether the plain Deployment serves and blue must first take over from it (the Service selects no colour yet). */
    boolean takingOver() {
        return colour.isEmpty() && serving.isPresent();
    }

    Optional<Deployment> existing(String c) {
        return Optional.ofNullable(colours.get(c));
    }

    /** What the Service selects now, for messages: "blue", "the pods of Deployment shop" or "no colour". */
    String selects() {
        return colour.orElse(serving.isPresent() ? "the pods of Deployment " + names.deployment() : "no colour");
    }

    /** The start once blue has taken over from the plain Deployment and the Service selects it. */
    BlueGreenStart afterTakeOver(Deployment blue) {
        Map<String, Deployment> now = new HashMap<>(colours);
        now.put("blue", blue);
        return new BlueGreenStart(names, DeploymentCopy.with(selector, DeploymentEdits.COLOUR, "blue"), Optional.of("blue"),
                Optional.of(blue), blue, Map.copyOf(now));
    }

    static Optional<String> colourOf(Map<String, String> selector) {
        return Optional.ofNullable(selector.get(DeploymentEdits.COLOUR)).filter(v -> v.equals("blue") || v.equals("green"));
    }

    static BlueGreenStart decide(Names n, Optional<Service> service, Optional<Deployment> plain, Optional<Deployment> blue,
                                 Optional<Deployment> green) {
        Map<String, Deployment> colours = new HashMap<>();
        blue.ifPresent(d -> colours.put("blue", d));
        green.ifPresent(d -> colours.put("green", d));
        if (service.isEmpty()) {
            throw missingService(n, plain.isPresent() || !colours.isEmpty());
        }
        Map<String, String> selector = service.get().getSpec().getSelector() == null ? Map.of()
                : Map.copyOf(service.get().getSpec().getSelector());
        Optional<String> colour = colourOf(selector);
        if (colour.isPresent()) {
            return selecting(n, selector, colour.get(), colours);
        }
        if (plain.isPresent()) {
            requireTakeOverIsClear(n, selector, plain.get(), colours);
            return new BlueGreenStart(n, selector, colour, plain, plain.get(), Map.copyOf(colours));
        }
        if (!colours.isEmpty()) {
            return new BlueGreenStart(n, selector, colour, Optional.empty(), colours.getOrDefault("blue", colours.get("green")),
                    Map.copyOf(colours));
        }
        throw new KubernetesCallException("Blue/green of " + n.deployment() + " has nothing to start from in namespace "
                + n.namespace() + ": Service " + n.service() + " exists, but none of the Deployments " + n.deployment() + ", "
                + n.of("blue") + " and " + n.of("green") + " does. Create Deployment " + n.deployment()
                + " with the pods the Service selects (apply its manifest); the deployer copies it into " + n.of("blue")
                + " and " + n.of("green") + ".", 404, null);
    }

    /** The Service selects a colour: that colour serves, and must exist. */
    private static BlueGreenStart selecting(Names n, Map<String, String> selector, String colour, Map<String, Deployment> colours) {
        Deployment live = colours.get(colour);
        if (live == null) {
            throw new KubernetesCallException("Service " + n.service() + " in namespace " + n.namespace() + " selects "
                    + DeploymentEdits.COLOUR + "=" + colour + ", but Deployment " + n.of(colour) + " does not exist, so nothing "
                    + "serves. Create " + n.of(colour) + ", or remove " + DeploymentEdits.COLOUR + " from the Service's "
                    + "selector so that blue/green starts from Deployment " + n.deployment() + ".", 404, null);
        }
        return new BlueGreenStart(n, selector, Optional.of(colour), Optional.of(live), live, Map.copyOf(colours));
    }

    private static KubernetesCallException missingService(Names n, boolean deploymentsExist) {
        if (deploymentsExist) {
            return new KubernetesCallException("Service " + n.service() + " does not exist in namespace " + n.namespace()
                    + "; blue/green needs it: its selector picks the colour that serves. Create it (apply its manifest) "
                    + "with a selector that matches the pods of Deployment " + n.deployment() + ".", 404, null);
        }
        return new KubernetesCallException("Blue/green of " + n.deployment() + " has nothing to start from in namespace "
                + n.namespace() + ": neither Service " + n.service() + " nor Deployment " + n.deployment() + " (nor "
                + n.of("blue") + ", " + n.of("green") + ") exists. Create Deployment " + n.deployment() + " and Service "
                + n.service() + " selecting its pods (apply their manifests); the deployer then creates " + n.of("blue")
                + " and " + n.of("green") + " from " + n.deployment() + ".", 404, null);
    }

    /** The plain Deployment must be what the Service serves, and no colour may already claim to. */
    private static void requireTakeOverIsClear(Names n, Map<String, String> selector, Deployment plain,
                                               Map<String, Deployment> colours) {
        Map<String, String> pods = DeploymentCopy.podLabels(plain);
        if (!DeploymentCopy.selects(selector, pods)) {
            throw new KubernetesCallException("Service " + n.service() + " in namespace " + n.namespace() + " selects "
                    + new TreeMap<>(selector) + ", which does not match the pods of Deployment " + n.deployment() + " ("
                    + new TreeMap<>(pods) + "); blue/green starts from the Deployment the Service serves. Make the "
                    + "Service's selector match the pod labels of " + n.deployment() + ".", 0, null);
        }
        Deployment blue = colours.get("blue");
        boolean blueIsOurCopy = blue != null && blue.getMetadata().getAnnotations() != null
                && n.deployment().equals(blue.getMetadata().getAnnotations().get(DeploymentCopy.COPIED_FROM));
        if (colours.containsKey("green") || (blue != null && !blueIsOurCopy)) {
            throw new KubernetesCallException("Service " + n.service() + " in namespace " + n.namespace()
                    + " selects no colour, but Deployment " + n.deployment() + " and " + String.join(" and ",
                    colours.keySet().stream().sorted().map(n::of).toList()) + " exist, so the deployer cannot tell "
                    + "which one serves. Add " + DeploymentEdits.COLOUR + ": blue or green to the Service's selector to "
                    + "name the colour that serves, or delete " + n.of("blue") + " and " + n.of("green")
                    + " to start again from " + n.deployment() + ".", 0, null);
        }
    }
}

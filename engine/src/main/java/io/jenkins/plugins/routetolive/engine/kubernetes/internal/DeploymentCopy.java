package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A new Deployment made from one that exists: the same pod template and strategy under a new name, with
 * one more label on the Deployment, its selector and its pods (e.g. {@code routetolive.io/colour: green}),
 * so that it owns its own pods and a Service can tell them apart.
 *
 * <p>Only the {@code routetolive.io/} annotations are carried over (they say what the template runs), plus
 * {@link #COPIED_FROM}; others such as {@code kubectl.kubernetes.io/last-applied-configuration} belong to
 * the original's manifest. Owner references, finalizers and status are not copied.
 */
public final class DeploymentCopy {

    /** Annotation on a copy: the name of the Deployment it was made from. */
    public static final String COPIED_FROM = DeploymentEdits.PREFIX + "copied-from";

    private DeploymentCopy() {
    }

    public static Deployment of(Deployment source, String name, String labelKey, String labelValue, int replicas) {
        Objects.requireNonNull(source.getSpec(), "source spec");
        Deployment copy = new DeploymentBuilder(source).build();
        copy.setMetadata(metadata(source.getMetadata(), name, labelKey, labelValue));
        copy.setStatus(null);
        copy.getSpec().setReplicas(replicas);
        LabelSelector selector = copy.getSpec().getSelector() == null ? new LabelSelector() : copy.getSpec().getSelector();
        selector.setMatchLabels(with(selector.getMatchLabels(), labelKey, labelValue));
        copy.getSpec().setSelector(selector);
        ObjectMeta pods = copy.getSpec().getTemplate().getMetadata() == null ? new ObjectMeta()
                : copy.getSpec().getTemplate().getMetadata();
        pods.setLabels(with(pods.getLabels(), labelKey, labelValue));
        copy.getSpec().getTemplate().setMetadata(pods);
        return copy;
    }

    private static ObjectMeta metadata(ObjectMeta source, String name, String labelKey, String labelValue) {
        Map<String, String> annotations = new HashMap<>();
        if (source.getAnnotations() != null) {
            source.getAnnotations().forEach((k, v) -> {
                if (k.startsWith(DeploymentEdits.PREFIX) && !k.equals(DeploymentEdits.REPLICAS_BEFORE)) {
                    annotations.put(k, v);
                }
            });
        }
        annotations.put(COPIED_FROM, source.getName());
        return new ObjectMetaBuilder().withName(name).withNamespace(source.getNamespace())
                .withLabels(with(source.getLabels(), labelKey, labelValue)).withAnnotations(annotations).build();
    }

    static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new HashMap<>(labels == null ? Map.of() : labels);
        copy.put(key, value);
        return copy;
    }

    /** Whether an equality selector picks pods with these labels (an empty selector picks nothing here). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /** The labels of the Deployment's pods. */
    static Map<String, String> podLabels(Deployment d) {
        ObjectMeta pods = d.getSpec().getTemplate().getMetadata();
        return pods == null || pods.getLabels() == null ? Map.of() : pods.getLabels();
    }
}

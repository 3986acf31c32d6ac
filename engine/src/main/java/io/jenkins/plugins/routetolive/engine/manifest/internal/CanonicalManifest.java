package io.jenkins.plugins.routetolive.engine.manifest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestTarget;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The canonical JSON of a manifest: keys sorted, components sorted by application, dependencies sorted,
 * no white space, every field present (a component's {@code kubernetes} block only when it has one). Its sha256
 * is the manifest's identity.
 */
public final class CanonicalManifest {

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CanonicalManifest() {
    }

    /**
     * A component's Kubernetes target, every field present (absent from the component when it has none, so
     * manifests written before targets existed keep their digest).
     */
    private static void kubernetes(ObjectNode node, ManifestTarget target) {
        node.put("blueGreenService", target.blueGreenService());
        ArrayNode steps = node.putArray("canarySteps");
        target.canarySteps().forEach(steps::add);
        node.put("container", target.container());
        node.put("deploymentName", target.deploymentName());
        node.put("namespace", target.namespace());
        node.put("strategy", target.strategyName());
    }

    public static String json(String name, String version, List<ManifestComponent> sortedComponents) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode components = root.putArray("components");
        for (ManifestComponent c : sortedComponents) {
            ObjectNode node = components.addObject();
            node.put("application", c.application());
            ArrayNode deps = node.putArray("dependsOn");
            c.dependsOn().forEach(deps::add);
            node.put("digest", c.digest().value());
            c.kubernetes().ifPresent(target -> kubernetes(node.putObject("kubernetes"), target));
            node.put("pinned", c.pinned());
            node.put("version", c.version());
        }
        root.put("name", name);
        root.put("version", version);
        try {
            // fields are added in key order above; ObjectNode keeps insertion order
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.jenkins.plugins.routetolive.engine.manifest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The canonical JSON of a manifest: keys sorted, components sorted by application, dependencies sorted,
 * no white space, every field present. Its sha256 is the manifest's identity.
 */
public final class CanonicalManifest {

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CanonicalManifest() {
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

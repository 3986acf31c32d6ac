package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.definition.internal.DefinitionDocument;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestDefinitionException;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestTarget;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the YAML node tree of a manifest (JSON is read the same way: SnakeYAML reads JSON documents and
 * keeps line numbers) and refuses unknown keys, missing fields and invalid values with their line.
 */
public final class ManifestReader {

    private static final Set<String> TOP = Set.of("name", "version", "components");
    private static final Set<String> COMPONENT = Set.of("application", "version", "digest", "pinned", "dependsOn",
            "kubernetes");
    private static final Set<String> KUBERNETES = Set.of("deploymentName", "namespace", "container", "strategy",
            "blueGreenService", "canarySteps");

    private final DefinitionDocument document;

    public ManifestReader(String source) {
        this.document = new DefinitionDocument(source, "YAML or JSON", ManifestDefinitionException::new);
    }

    public ReleaseManifest read(Reader reader) {
        Node root = document.root(reader, "the manifest is empty; it needs 'name', 'version' and 'components'");
        Map<String, Node> top = document.mapping(root, "the manifest", TOP);
        String name = document.scalar(document.require(top, "name", root, "the manifest"), "name");
        String version = document.scalar(document.require(top, "version", root, "manifest " + name), "version");
        Node list = document.require(top, "components", root, "manifest " + name);
        List<Node> items = document.sequence(list, "'components' must be a list of components");
        List<ManifestComponent> components = new ArrayList<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node item : items) {
            ManifestComponent component = component(item);
            if (nodes.put(component.application(), item) != null) {
                throw document.error(item, "manifest " + name + " lists application " + component.application()
                        + " twice; each application appears once, at one digest");
            }
            components.add(component);
        }
        for (ManifestComponent c : components) {
            for (String dependency : c.dependsOn()) {
                if (!nodes.containsKey(dependency)) {
                    throw document.error(nodes.get(c.application()), "component " + c.application() + " depends on " + dependency
                            + ", which is not a component of manifest " + name + "; add it (pinned if it does not change) "
                            + "or remove the dependency");
                }
            }
        }
        try {
            return new ReleaseManifest(name, version, components);
        } catch (IllegalArgumentException e) {
            Node where = e.getMessage().startsWith("manifest name") ? top.get("name")
                    : e.getMessage().contains(": version must") ? top.get("version") : list;
            throw document.error(where, e.getMessage());
        }
    }

    private ManifestComponent component(Node node) {
        Map<String, Node> map = document.mapping(node, "a component", COMPONENT);
        String application = document.scalar(document.require(map, "application", node, "a component"), "application");
        String where = "component " + application;
        String version = document.scalar(document.require(map, "version", node, where), where + " version");
        Node digestNode = document.require(map, "digest", node, where);
        Digest digest;
        try {
            digest = Digest.parse(document.scalar(digestNode, where + " digest"));
        } catch (IllegalArgumentException e) {
            throw document.error(digestNode, where + ": " + e.getMessage());
        }
        boolean pinned = map.containsKey("pinned") && document.bool(map.get("pinned"), where + " pinned");
        List<String> dependsOn = map.containsKey("dependsOn") ? strings(map.get("dependsOn"), where + " dependsOn") : List.of();
        Optional<ManifestTarget> kubernetes = map.containsKey("kubernetes")
                ? Optional.of(target(map.get("kubernetes"), where)) : Optional.empty();
        try {
            return new ManifestComponent(application, version, digest, pinned, dependsOn, kubernetes);
        } catch (IllegalArgumentException e) {
            throw document.error(node, where + ": " + e.getMessage());
        }
    }

    /** The component's kubernetes block; a refusal names the component, the field and the line of that field. */
    private ManifestTarget target(Node node, String where) {
        String what = "the kubernetes block of " + where;
        Map<String, Node> map = document.mapping(node, what, KUBERNETES);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KUBERNETES) {
            Node value = map.get(key);
            if (value != null) {
                values.put(key, key.equals("canarySteps") && value instanceof SequenceNode
                        ? String.join(",", strings(value, where + " kubernetes.canarySteps"))
                        : document.scalar(value, where + " kubernetes." + key).trim());
            }
        }
        document.require(map, "deploymentName", node, what);
        try {
            return ManifestTarget.of(values.get("deploymentName"), values.get("namespace"), values.get("container"),
                    values.get("strategy"), values.get("blueGreenService"), values.get("canarySteps"));
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("kubernetes.") ? e.getMessage().substring("kubernetes.".length())
                    .split("[ :]", 2)[0] : "";
            throw document.error(map.getOrDefault(field, node), where + ": " + e.getMessage());
        }
    }

    private List<String> strings(Node node, String what) {
        List<String> values = new ArrayList<>();
        for (Node item : document.sequence(node, what + " must be a list of application names such as [db-schema]")) {
            values.add(document.scalar(item, what).trim());
        }
        return values;
    }
}

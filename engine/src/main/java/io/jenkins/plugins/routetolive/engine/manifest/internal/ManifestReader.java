package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestDefinitionException;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks the YAML node tree of a manifest (JSON is read the same way: SnakeYAML reads JSON documents and
 * keeps line numbers) and refuses unknown keys, missing fields and invalid values with their line.
 */
public final class ManifestReader {

    private static final Set<String> TOP = Set.of("name", "version", "components");
    private static final Set<String> COMPONENT = Set.of("application", "version", "digest", "pinned", "dependsOn");

    private final String source;

    public ManifestReader(String source) {
        this.source = source;
    }

    public ReleaseManifest read(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ManifestDefinitionException(source, line, "not valid YAML or JSON: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ManifestDefinitionException(source, 0, "not valid YAML or JSON: " + e.getMessage());
        }
        if (root == null) {
            throw new ManifestDefinitionException(source, 0, "the manifest is empty; it needs 'name', 'version' and 'components'");
        }
        Map<String, Node> top = mapping(root, "the manifest", TOP);
        String name = scalar(require(top, "name", root, "the manifest"), "name");
        String version = scalar(require(top, "version", root, "manifest " + name), "version");
        Node list = require(top, "components", root, "manifest " + name);
        if (!(list instanceof SequenceNode sequence)) {
            throw error(list, "'components' must be a list of components");
        }
        List<ManifestComponent> components = new ArrayList<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node item : sequence.getValue()) {
            ManifestComponent component = component(item);
            if (nodes.put(component.application(), item) != null) {
                throw error(item, "manifest " + name + " lists application " + component.application()
                        + " twice; each application appears once, at one digest");
            }
            components.add(component);
        }
        for (ManifestComponent c : components) {
            for (String dependency : c.dependsOn()) {
                if (!nodes.containsKey(dependency)) {
                    throw error(nodes.get(c.application()), "component " + c.application() + " depends on " + dependency
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
            throw error(where, e.getMessage());
        }
    }

    private ManifestComponent component(Node node) {
        Map<String, Node> map = mapping(node, "a component", COMPONENT);
        String application = scalar(require(map, "application", node, "a component"), "application");
        String where = "component " + application;
        String version = scalar(require(map, "version", node, where), where + " version");
        Node digestNode = require(map, "digest", node, where);
        Digest digest;
        try {
            digest = Digest.parse(scalar(digestNode, where + " digest"));
        } catch (IllegalArgumentException e) {
            throw error(digestNode, where + ": " + e.getMessage());
        }
        boolean pinned = map.containsKey("pinned") && bool(map.get("pinned"), where + " pinned");
        List<String> dependsOn = map.containsKey("dependsOn") ? strings(map.get("dependsOn"), where + " dependsOn") : List.of();
        try {
            return new ManifestComponent(application, version, digest, pinned, dependsOn);
        } catch (IllegalArgumentException e) {
            throw error(node, where + ": " + e.getMessage());
        }
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, Node> map = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "; allowed keys are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            map.put(key, tuple.getValueNode());
        }
        return map;
    }

    private Node require(Map<String, Node> map, String key, Node owner, String what) {
        Node value = map.get(key);
        if (value == null) {
            throw error(owner, what + " has no '" + key + "'");
        }
        return value;
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, what + " must be a single value, not a list or mapping");
        }
        return scalar.getValue();
    }

    private boolean bool(Node node, String what) {
        String text = scalar(node, what).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw error(node, what + " must be true or false, but was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode list)) {
            throw error(node, what + " must be a list of application names such as [db-schema]");
        }
        List<String> values = new ArrayList<>();
        for (Node item : list.getValue()) {
            values.add(scalar(item, what).trim());
        }
        return values;
    }

    private ManifestDefinitionException error(Node node, String problem) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new ManifestDefinitionException(source, line, problem);
    }
}

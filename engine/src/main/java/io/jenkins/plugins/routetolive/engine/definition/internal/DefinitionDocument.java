package io.jenkins.plugins.routetolive.engine.definition.internal;

import io.jenkins.plugins.routetolive.engine.definition.DefinitionException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A definition document read with line numbers: SnakeYAML's node tree (YAML, or JSON read as YAML) keeps
 * the line of every node, so each refusal names the source and the line. Unknown and repeated keys are
 * refused. The kind of document decides the exception type through {@link Errors}.
 */
public final class DefinitionDocument {

    /** Creates the exception of the kind of document being read, e.g. {@code RouteDefinitionException::new}. */
    @FunctionalInterface
    public interface Errors {
        DefinitionException create(String source, int line, String problem);
    }

    private final String source;
    private final String format;
    private final Errors errors;

    /**
     * @param source the file name or label every message starts with
     * @param format what the text must be, for the syntax error message: "YAML" or "YAML or JSON"
     * @param errors creates the exception thrown for every problem
     */
    public DefinitionDocument(String source, String format, Errors errors) {
        this.source = Objects.requireNonNull(source, "source");
        this.format = Objects.requireNonNull(format, "format");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** Parses the text into its node tree; syntax errors and an empty document are refused. */
    public Node root(Reader reader, String whenEmpty) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw errors.create(source, line, "not valid " + format + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw errors.create(source, 0, "not valid " + format + ": " + e.getMessage());
        }
        if (root == null) {
            throw errors.create(source, 0, whenEmpty);
        }
        return root;
    }

    /** The keys of a mapping in document order, refusing keys outside {@code allowed} and keys given twice. */
    public Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
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
            Node earlier = map.putIfAbsent(key, tuple.getValueNode());
            if (earlier != null) {
                // compose() builds nodes only; SnakeYAML's duplicate-key check runs when constructing objects
                throw error(tuple.getKeyNode(), "key '" + key + "' appears twice in " + what + " (first on line "
                        + (earlier.getStartMark().getLine() + 1) + "); each key may appear once");
            }
        }
        return map;
    }

    public Node require(Map<String, Node> map, String key, Node owner, String what) {
        Node value = map.get(key);
        if (value == null) {
            throw error(owner, what + " has no '" + key + "'");
        }
        return value;
    }

    public String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, what + " must be a single value, not a list or mapping");
        }
        return scalar.getValue();
    }

    public int integer(Node node, String what) {
        String text = scalar(node, what);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw error(node, what + " must be a whole number, but was '" + text + "'");
        }
    }

    public boolean bool(Node node, String what) {
        String text = scalar(node, what).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw error(node, what + " must be true or false, but was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** The items of a list; {@code problem} is the whole message when the node is not a list. */
    public List<Node> sequence(Node node, String problem) {
        if (!(node instanceof SequenceNode list)) {
            throw error(node, problem);
        }
        return list.getValue();
    }

    /** The exception for a problem at a node's line, or at line 0 (the whole document) when there is no node. */
    public DefinitionException error(Node node, String problem) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return errors.create(source, line, problem);
    }
}

package io.jenkins.plugins.routetolive.engine.route.internal;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.DatedFreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.engine.route.RouteDefinitionException;
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
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks the YAML node tree (which keeps line numbers) and builds a route, refusing unknown keys. */
public final class RouteYamlReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern WEEK_TIME = Pattern.compile("([A-Za-z]{3})[A-Za-z]*\\s+(\\d{1,2}:\\d{2})");

    private final String source;

    public RouteYamlReader(String source) {
        this.source = source;
    }

    public Route read(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RouteDefinitionException(source, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new RouteDefinitionException(source, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new RouteDefinitionException(source, 0, "the file is empty; a route needs 'name' and 'environments'");
        }
        Map<String, Node> top = mapping(root, "the route", Set.of("name", "environments"));
        Node nameNode = require(top, "name", root, "the route");
        String name = scalar(nameNode, "name");
        if (name.isBlank()) {
            throw error(nameNode, "route name must not be empty");
        }
        Node envNode = require(top, "environments", root, "route '" + name + "'");
        if (!(envNode instanceof SequenceNode list)) {
            throw error(envNode, "'environments' must be a list of environments");
        }
        if (list.getValue().isEmpty()) {
            throw error(envNode, "route '" + name + "' has no environments: list at least one");
        }
        List<Environment> environments = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Node item : list.getValue()) {
            Environment env = environment(item);
            if (!names.add(env.name())) {
                throw error(item, "environment '" + env.name() + "' appears twice in route '" + name + "'; each environment appears once");
            }
            environments.add(env);
        }
        try {
            return new Route(name, environments);
        } catch (IllegalArgumentException e) {
            throw error(envNode, e.getMessage());
        }
    }

    private Environment environment(Node node) {
        Map<String, Node> map = mapping(node, "an environment", Set.of("name", "role", "approval", "freeze",
                "singleVersion", "gates", "rehearseRollback"));
        Node nameNode = require(map, "name", node, "an environment");
        String name = scalar(nameNode, "name");
        if (name.isBlank()) {
            throw error(nameNode, "environment name must not be empty");
        }
        String where = "environment '" + name + "'";
        EnvironmentRole role = map.containsKey("role") ? role(map.get("role"), where) : EnvironmentRole.DEPLOY;
        ApprovalPolicy approval = map.containsKey("approval") ? approval(map.get("approval"), where) : ApprovalPolicy.none();
        List<FreezeWindow> windows = List.of();
        Set<String> overriders = Set.of();
        if (map.containsKey("freeze")) {
            Map<String, Node> freeze = mapping(map.get("freeze"), where + " freeze", Set.of("windows", "overrideGroups"));
            windows = freeze.containsKey("windows") ? windows(freeze.get("windows"), where) : List.of();
            overriders = freeze.containsKey("overrideGroups") ? strings(freeze.get("overrideGroups"), where + " overrideGroups") : Set.of();
        }
        boolean single = map.containsKey("singleVersion") && bool(map.get("singleVersion"), where + " singleVersion");
        boolean rehearse = map.containsKey("rehearseRollback") && bool(map.get("rehearseRollback"), where + " rehearseRollback");
        GateDefaults gates = map.containsKey("gates") ? gates(map.get("gates"), where) : GateDefaults.STANDARD;
        try {
            return new Environment(name, role, approval, windows, overriders, single, gates, rehearse);
        } catch (IllegalArgumentException e) {
            throw error(node, e.getMessage());
        }
    }

    private EnvironmentRole role(Node node, String where) {
        String text = scalar(node, where + " role");
        try {
            return EnvironmentRole.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(node, where + ": role must be origin, entry or deploy, but was '" + text + "'");
        }
    }

    private ApprovalPolicy approval(Node node, String where) {
        Map<String, Node> map = mapping(node, where + " approval",
                Set.of("required", "groups", "users", "excludePreviousApprovers", "allowAdminBypass"));
        int required = map.containsKey("required") ? integer(map.get("required"), where + " approval.required") : 1;
        Set<String> groups = map.containsKey("groups") ? strings(map.get("groups"), where + " approval.groups") : Set.of();
        Set<String> users = map.containsKey("users") ? strings(map.get("users"), where + " approval.users") : Set.of();
        boolean excludePrevious = map.containsKey("excludePreviousApprovers")
                && bool(map.get("excludePreviousApprovers"), where + " approval.excludePreviousApprovers");
        boolean bypass = map.containsKey("allowAdminBypass") && bool(map.get("allowAdminBypass"), where + " approval.allowAdminBypass");
        try {
            return new ApprovalPolicy(required, groups, users, excludePrevious, bypass);
        } catch (IllegalArgumentException e) {
            throw error(node, where + ": " + e.getMessage());
        }
    }

    private List<FreezeWindow> windows(Node node, String where) {
        if (!(node instanceof SequenceNode list)) {
            throw error(node, where + ": freeze.windows must be a list");
        }
        List<FreezeWindow> windows = new ArrayList<>();
        for (Node item : list.getValue()) {
            Map<String, Node> map = mapping(item, where + " freeze window", Set.of("name", "from", "to", "zone"));
            String name = scalar(require(map, "name", item, where + " freeze window"), "name");
            Node from = require(map, "from", item, "freeze window '" + name + "'");
            Node to = require(map, "to", item, "freeze window '" + name + "'");
            String fromText = scalar(from, "from");
            String toText = scalar(to, "to");
            try {
                if (WEEK_TIME.matcher(fromText).matches()) {
                    ZoneId zone = map.containsKey("zone") ? ZoneId.of(scalar(map.get("zone"), "zone")) : ZoneId.of("UTC");
                    Object[] f = weekTime(from, fromText, name);
                    Object[] t = weekTime(to, toText, name);
                    windows.add(new WeeklyFreezeWindow(name, (DayOfWeek) f[0], (LocalTime) f[1], (DayOfWeek) t[0],
                            (LocalTime) t[1], zone));
                } else {
                    windows.add(new DatedFreezeWindow(name, instant(from, fromText, name), instant(to, toText, name)));
                }
            } catch (DateTimeException | IllegalArgumentException e) {
                throw error(item, where + ": " + e.getMessage());
            }
        }
        return windows;
    }

    private Object[] weekTime(Node node, String text, String window) {
        Matcher m = WEEK_TIME.matcher(text);
        if (!m.matches()) {
            throw error(node, "freeze window '" + window + "': expected a day and a time such as 'FRI 12:00', but was '" + text + "'");
        }
        String day = m.group(1).toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(day)) {
                return new Object[] {d, LocalTime.parse(m.group(2).length() == 4 ? "0" + m.group(2) : m.group(2))};
            }
        }
        throw error(node, "freeze window '" + window + "': '" + m.group(1) + "' is not a day of the week (MON … SUN)");
    }

    private Instant instant(Node node, String text, String window) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw error(node, "freeze window '" + window + "': expected 'FRI 12:00' (weekly) or an instant such as "
                    + "'2026-12-20T00:00:00Z' (dated), but was '" + text + "'");
        }
    }

    private GateDefaults gates(Node node, String where) {
        Map<String, Node> map = mapping(node, where + " gates",
                Set.of("interval", "timeout", "successThreshold", "failureThreshold", "deadline", "soak"));
        GateDefaults d = GateDefaults.STANDARD;
        try {
            return new GateDefaults(
                    map.containsKey("interval") ? duration(map.get("interval"), where + " gates.interval") : d.interval(),
                    map.containsKey("timeout") ? duration(map.get("timeout"), where + " gates.timeout") : d.timeout(),
                    map.containsKey("successThreshold") ? integer(map.get("successThreshold"), where + " gates.successThreshold") : d.successThreshold(),
                    map.containsKey("failureThreshold") ? integer(map.get("failureThreshold"), where + " gates.failureThreshold") : d.failureThreshold(),
                    map.containsKey("deadline") ? duration(map.get("deadline"), where + " gates.deadline") : d.deadline(),
                    map.containsKey("soak") ? duration(map.get("soak"), where + " gates.soak") : d.soak());
        } catch (IllegalArgumentException e) {
            throw error(node, where + ": " + e.getMessage());
        }
    }

    /** Parses "500ms", "5s", "2m", "1h". */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 2m or 1h, but was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private Duration duration(Node node, String what) {
        try {
            return parseDuration(scalar(node, what));
        } catch (IllegalArgumentException e) {
            throw error(node, what + ": " + e.getMessage());
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
            Node earlier = map.putIfAbsent(key, tuple.getValueNode());
            if (earlier != null) {
                // compose() builds nodes only; SnakeYAML's duplicate-key check runs when constructing objects
                throw error(tuple.getKeyNode(), "key '" + key + "' appears twice in " + what + " (first on line "
                        + (earlier.getStartMark().getLine() + 1) + "); each key may appear once");
            }
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

    private int integer(Node node, String what) {
        String text = scalar(node, what);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw error(node, what + " must be a whole number, but was '" + text + "'");
        }
    }

    private boolean bool(Node node, String what) {
        String text = scalar(node, what).trim().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw error(node, what + " must be true or false, but was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private Set<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode list)) {
            throw error(node, what + " must be a list such as [release-managers]");
        }
        Set<String> values = new LinkedHashSet<>();
        for (Node item : list.getValue()) {
            String value = scalar(item, what).trim();
            if (value.isEmpty()) {
                throw error(item, what + " must not contain an empty name");
            }
            values.add(value);
        }
        return values;
    }

    private RouteDefinitionException error(Node node, String problem) {
        int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return new RouteDefinitionException(source, line, problem);
    }
}

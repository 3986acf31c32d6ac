package io.jenkins.plugins.routetolive.engine.route.internal;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.definition.internal.DefinitionDocument;
import io.jenkins.plugins.routetolive.engine.policy.DatedFreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.engine.route.RouteDefinitionException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.Reader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
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

    private final DefinitionDocument document;

    public RouteYamlReader(String source) {
        this.document = new DefinitionDocument(source, "YAML", RouteDefinitionException::new);
    }

    public Route read(Reader reader) {
        Node root = document.root(reader, "the file is empty; a route needs 'name' and 'environments'");
        Map<String, Node> top = document.mapping(root, "the route", Set.of("name", "environments"));
        Node nameNode = document.require(top, "name", root, "the route");
        String name = document.scalar(nameNode, "name");
        if (name.isBlank()) {
            throw document.error(nameNode, "route name must not be empty");
        }
        Node envNode = document.require(top, "environments", root, "route '" + name + "'");
        List<Node> list = document.sequence(envNode, "'environments' must be a list of environments");
        if (list.isEmpty()) {
            throw document.error(envNode, "route '" + name + "' has no environments: list at least one");
        }
        List<Environment> environments = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Node item : list) {
            Environment env = environment(item);
            if (!names.add(env.name())) {
                throw document.error(item, "environment '" + env.name() + "' appears twice in route '" + name + "'; each environment appears once");
            }
            environments.add(env);
        }
        try {
            return new Route(name, environments);
        } catch (IllegalArgumentException e) {
            throw document.error(envNode, e.getMessage());
        }
    }

    private Environment environment(Node node) {
        Map<String, Node> map = document.mapping(node, "an environment", Set.of("name", "role", "approval", "freeze",
                "singleVersion", "gates", "rehearseRollback"));
        Node nameNode = document.require(map, "name", node, "an environment");
        String name = document.scalar(nameNode, "name");
        if (name.isBlank()) {
            throw document.error(nameNode, "environment name must not be empty");
        }
        String where = "environment '" + name + "'";
        EnvironmentRole role = map.containsKey("role") ? role(map.get("role"), where) : EnvironmentRole.DEPLOY;
        ApprovalPolicy approval = map.containsKey("approval") ? approval(map.get("approval"), where) : ApprovalPolicy.none();
        List<FreezeWindow> windows = List.of();
        Set<String> overriders = Set.of();
        if (map.containsKey("freeze")) {
            Map<String, Node> freeze = document.mapping(map.get("freeze"), where + " freeze", Set.of("windows", "overrideGroups"));
            windows = freeze.containsKey("windows") ? windows(freeze.get("windows"), where) : List.of();
            overriders = freeze.containsKey("overrideGroups") ? strings(freeze.get("overrideGroups"), where + " overrideGroups") : Set.of();
        }
        boolean single = map.containsKey("singleVersion") && document.bool(map.get("singleVersion"), where + " singleVersion");
        boolean rehearse = map.containsKey("rehearseRollback") && document.bool(map.get("rehearseRollback"), where + " rehearseRollback");
        GateDefaults gates = map.containsKey("gates") ? gates(map.get("gates"), where) : GateDefaults.STANDARD;
        try {
            return new Environment(name, role, approval, windows, overriders, single, gates, rehearse);
        } catch (IllegalArgumentException e) {
            throw document.error(node, e.getMessage());
        }
    }

    private EnvironmentRole role(Node node, String where) {
        String text = document.scalar(node, where + " role");
        try {
            return EnvironmentRole.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw document.error(node, where + ": role must be origin, entry or deploy, but was '" + text + "'");
        }
    }

    private ApprovalPolicy approval(Node node, String where) {
        Map<String, Node> map = document.mapping(node, where + " approval",
                Set.of("required", "groups", "users", "excludePreviousApprovers", "allowAdminBypass"));
        int required = map.containsKey("required") ? document.integer(map.get("required"), where + " approval.required") : 1;
        Set<String> groups = map.containsKey("groups") ? strings(map.get("groups"), where + " approval.groups") : Set.of();
        Set<String> users = map.containsKey("users") ? strings(map.get("users"), where + " approval.users") : Set.of();
        boolean excludePrevious = map.containsKey("excludePreviousApprovers")
                && document.bool(map.get("excludePreviousApprovers"), where + " approval.excludePreviousApprovers");
        boolean bypass = map.containsKey("allowAdminBypass") && document.bool(map.get("allowAdminBypass"), where + " approval.allowAdminBypass");
        try {
            return new ApprovalPolicy(required, groups, users, excludePrevious, bypass);
        } catch (IllegalArgumentException e) {
            throw document.error(node, where + ": " + e.getMessage());
        }
    }

    private List<FreezeWindow> windows(Node node, String where) {
        List<FreezeWindow> windows = new ArrayList<>();
        for (Node item : document.sequence(node, where + ": freeze.windows must be a list")) {
            Map<String, Node> map = document.mapping(item, where + " freeze window", Set.of("name", "from", "to", "zone"));
            String name = document.scalar(document.require(map, "name", item, where + " freeze window"), "name");
            Node from = document.require(map, "from", item, "freeze window '" + name + "'");
            Node to = document.require(map, "to", item, "freeze window '" + name + "'");
            String fromText = document.scalar(from, "from");
            String toText = document.scalar(to, "to");
            try {
                if (WEEK_TIME.matcher(fromText).matches()) {
                    ZoneId zone = map.containsKey("zone") ? ZoneId.of(document.scalar(map.get("zone"), "zone")) : ZoneId.of("UTC");
                    Object[] f = weekTime(from, fromText, name);
                    Object[] t = weekTime(to, toText, name);
                    windows.add(new WeeklyFreezeWindow(name, (DayOfWeek) f[0], (LocalTime) f[1], (DayOfWeek) t[0],
                            (LocalTime) t[1], zone));
                } else {
                    windows.add(new DatedFreezeWindow(name, instant(from, fromText, name), instant(to, toText, name)));
                }
            } catch (DateTimeException | IllegalArgumentException e) {
                throw document.error(item, where + ": " + e.getMessage());
            }
        }
        return windows;
    }

    private Object[] weekTime(Node node, String text, String window) {
        Matcher m = WEEK_TIME.matcher(text);
        if (!m.matches()) {
            throw document.error(node, "freeze window '" + window + "': expected a day and a time such as 'FRI 12:00', but was '" + text + "'");
        }
        String day = m.group(1).toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(day)) {
                return new Object[] {d, LocalTime.parse(m.group(2).length() == 4 ? "0" + m.group(2) : m.group(2))};
            }
        }
        throw document.error(node, "freeze window '" + window + "': '" + m.group(1) + "' is not a day of the week (MON … SUN)");
    }

    private Instant instant(Node node, String text, String window) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw document.error(node, "freeze window '" + window + "': expected 'FRI 12:00' (weekly) or an instant such as "
                    + "'2026-12-20T00:00:00Z' (dated), but was '" + text + "'");
        }
    }

    private GateDefaults gates(Node node, String where) {
        Map<String, Node> map = document.mapping(node, where + " gates",
                Set.of("interval", "timeout", "successThreshold", "failureThreshold", "deadline", "soak"));
        GateDefaults d = GateDefaults.STANDARD;
        try {
            return new GateDefaults(
                    map.containsKey("interval") ? duration(map.get("interval"), where + " gates.interval") : d.interval(),
                    map.containsKey("timeout") ? duration(map.get("timeout"), where + " gates.timeout") : d.timeout(),
                    map.containsKey("successThreshold") ? document.integer(map.get("successThreshold"), where + " gates.successThreshold") : d.successThreshold(),
                    map.containsKey("failureThreshold") ? document.integer(map.get("failureThreshold"), where + " gates.failureThreshold") : d.failureThreshold(),
                    map.containsKey("deadline") ? duration(map.get("deadline"), where + " gates.deadline") : d.deadline(),
                    map.containsKey("soak") ? duration(map.get("soak"), where + " gates.soak") : d.soak());
        } catch (IllegalArgumentException e) {
            throw document.error(node, where + ": " + e.getMessage());
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
            return parseDuration(document.scalar(node, what));
        } catch (IllegalArgumentException e) {
            throw document.error(node, what + ": " + e.getMessage());
        }
    }

    private Set<String> strings(Node node, String what) {
        Set<String> values = new LinkedHashSet<>();
        for (Node item : document.sequence(node, what + " must be a list such as [release-managers]")) {
            String value = document.scalar(item, what).trim();
            if (value.isEmpty()) {
                throw document.error(item, what + " must not contain an empty name");
            }
            values.add(value);
        }
        return values;
    }
}

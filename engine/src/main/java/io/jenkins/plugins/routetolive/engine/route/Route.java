package io.jenkins.plugins.routetolive.engine.route;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered list of environments and the only legal moves between them: an artifact enters
 * environment N only from environment N−1. The moves are kept in one map from each deploy environment
 * to the environment it must have passed, built once from the order.
 */
public final class Route {

    private final String name;
    private final List<Environment> environments;
    private final Map<String, Environment> byName;
    private final Map<String, Optional<Environment>> requiredPredecessor;

    public Route(String name, List<Environment> environments) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("route name must not be empty");
        }
        Objects.requireNonNull(environments, "route '" + name + "': environments must not be null");
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("route '" + name + "' has no environments: list at least one");
        }
        this.name = name;
        this.environments = List.copyOf(environments);
        Map<String, Environment> index = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < this.environments.size(); i++) {
            Environment env = this.environments.get(i);
            if (!seen.add(env.name())) {
                throw new IllegalArgumentException("route '" + name + "' names environment '" + env.name()
                        + "' twice: each environment appears once");
            }
            checkRolePosition(env, i);
            index.put(env.name(), env);
        }
        if (this.environments.stream().noneMatch(e -> e.role() == EnvironmentRole.DEPLOY)) {
            throw new IllegalArgumentException("route '" + name + "' has no environment to deploy to");
        }
        this.byName = Collections.unmodifiableMap(index);
        Map<String, Optional<Environment>> moves = new LinkedHashMap<>();
        Environment previous = null;
        for (Environment env : this.environments) {
            if (env.role() == EnvironmentRole.DEPLOY) {
                moves.put(env.name(), Optional.ofNullable(previous != null && previous.role() != EnvironmentRole.ORIGIN
                        ? previous : null));
            }
            previous = env;
        }
        this.requiredPredecessor = Collections.unmodifiableMap(moves);
    }

    private void checkRolePosition(Environment env, int index) {
        if (env.role() == EnvironmentRole.ORIGIN && index != 0) {
            throw new IllegalArgumentException("route '" + name + "': origin environment '" + env.name()
                    + "' must come first, but is at position " + (index + 1));
        }
        if (env.role() == EnvironmentRole.ENTRY) {
            boolean afterOrigin = index == 1 && environments.get(0).role() == EnvironmentRole.ORIGIN;
            if (index != 0 && !afterOrigin) {
                throw new IllegalArgumentException("route '" + name + "': entry environment '" + env.name()
                        + "' must come first or right after the origin, but is at position " + (index + 1));
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Environment> environments() {
        return environments;
    }

    public Optional<Environment> find(String environment) {
        return Optional.ofNullable(byName.get(environment));
    }

    /** The named environment, or an error listing the route's environments. */
    public Environment environment(String environment) {
        Environment env = byName.get(environment);
        if (env == null) {
            throw new IllegalArgumentException("route '" + name + "' has no environment '" + environment
                    + "'; its environments are " + String.join(", ", byName.keySet()));
        }
        return env;
    }

    /** The environment where artifacts are registered, if the route has one. */
    public Optional<Environment> entry() {
        return environments.stream().filter(e -> e.role() == EnvironmentRole.ENTRY).findFirst();
    }

    /**
     * The environment an artifact must have been verified in before it may enter the target. Empty for
     * the first deploy environment when the route has no entry environment: registration alone admits.
     * Throws, naming the route, for targets nothing may be promoted into.
     */
    public Optional<Environment> requiredBefore(String target) {
        Environment env = environment(target);
        Optional<Environment> required = requiredPredecessor.get(env.name());
        if (required == null) {
            String why = env.role() == EnvironmentRole.ORIGIN
                    ? "it is where code is written; nothing is deployed there by a pipeline"
                    : "artifacts enter it by being registered, not promoted";
            throw new IllegalArgumentException("route '" + name + "' does not allow promotion into '" + env.name()
                    + "': " + why + ". Promote into one of " + String.join(", ", requiredPredecessor.keySet()) + ".");
        }
        return required;
    }

    /** The deploy environment after this one, if any. */
    public Optional<Environment> next(String environment) {
        int i = environments.indexOf(environment(environment));
        return i + 1 < environments.size() ? Optional.of(environments.get(i + 1)) : Optional.empty();
    }

    public int indexOf(String environment) {
        return environments.indexOf(environment(environment));
    }

    /** "local → build → development → test → stage → production" */
    public String describe() {
        return String.join(" → ", byName.keySet());
    }

    @Override
    public String toString() {
        return "route '" + name + "' (" + describe() + ")";
    }
}

package io.jenkins.plugins.routetolive.engine.approval;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Someone (or something) acting on a promotion: a user id, the groups it belongs to, and its privileges. */
public record Actor(String id, Set<String> groups, Set<Privilege> privileges) {

    public Actor {
        Objects.requireNonNull(id, "actor id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("actor id must not be empty");
        }
        groups = Set.copyOf(groups == null ? Set.of() : groups);
        privileges = privileges == null || privileges.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(privileges));
    }

    public static Actor of(String id, String... groups) {
        return new Actor(id, Set.of(groups), Set.of());
    }

    public Actor withPrivileges(Privilege... granted) {
        EnumSet<Privilege> all = EnumSet.noneOf(Privilege.class);
        all.addAll(privileges);
        all.addAll(Set.of(granted));
        return new Actor(id, groups, all);
    }

    public boolean has(Privilege privilege) {
        return privileges.contains(privilege);
    }

    public boolean inAnyOf(Set<String> candidates) {
        return candidates.stream().anyMatch(groups::contains);
    }
}

package io.jenkins.plugins.routetolive.engine.approval;

import java.time.Instant;
import java.util.Objects;

/** One person's answer to an approval request. {@code bypass} records an administrator's bypass of separation of duties. */
public record ApprovalDecision(String actor, boolean approved, String comment, Instant at, boolean bypass) {

    public ApprovalDecision {
        Objects.requireNonNull(actor, "actor must not be null");
        Objects.requireNonNull(at, "at must not be null");
        comment = comment == null ? "" : comment;
    }
}

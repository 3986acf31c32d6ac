package io.jenkins.plugins.routetolive.engine.ledger;

/** What a ledger entry records. Journals store the name, so constants may be added but never renamed. */
public enum EntryType {
    /** An artifact entered the route (name, version, digest, source revision). */
    ARTIFACT_REGISTERED,
    /** A promotion moved to a new state; {@link LedgerEntry#state()} says which. */
    STATE_CHANGED,
    /** An approver signed off. */
    APPROVAL_GIVEN,
    /** An approver rejected the promotion. */
    APPROVAL_REJECTED,
    /** A freeze window was overridden; the reason is in {@link LedgerEntry#reason()}. */
    FREEZE_OVERRIDDEN,
    /** A gate gave its verdict; the evidence is in the attributes. */
    GATE_VERDICT,
    /** Someone recorded that a broken environment has been repaired. */
    ENVIRONMENT_RESOLVED,
    /**
     * A rollback rehearsal ran during verification (deploy new, gate, roll back, gate, deploy new, gate);
     * attributes {@code rehearsal} (passed, failed, nothing-to-roll-back-to), step timings and what was restored.
     */
    REHEARSAL,
    /** A component promotion (or a checked, unchanged component) belongs to a release manifest; manifest attributes. */
    MANIFEST_COMPONENT,
    /** How a release manifest's promotion into an environment ended; recorded under the manifest's name. */
    MANIFEST_OUTCOME,
    /**
     * A verified component of a manifest was restored to its earlier last known good because another
     * component failed; {@code restoredDigest}/{@code restoredVersion} name what runs now.
     */
    MANIFEST_ROLLBACK,
    /**
     * An artifact was deployed into the ephemeral environment of a multibranch branch or change request (a namespace of
     * its own, copied from a template environment) and gated there; {@code verdict} says how. Never a promotion: it
     * admits nothing into the route and is no deployment for delivery metrics. Attributes: namespace, job, branch,
     * route, templateEnvironment, controller, url, expiresAt, verdict, gate, evidence, build.
     */
    EPHEMERAL_DEPLOYED,
    /** An ephemeral environment was torn down (its namespace deleted, or found gone); {@code teardownCause} says why. */
    EPHEMERAL_TORN_DOWN,
    /** Tearing an ephemeral environment down failed (the reason says how); it stays due and the next sweep retries it. */
    EPHEMERAL_TEARDOWN_FAILED
}

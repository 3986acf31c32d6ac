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
    ENVIRONMENT_RESOLVED
}

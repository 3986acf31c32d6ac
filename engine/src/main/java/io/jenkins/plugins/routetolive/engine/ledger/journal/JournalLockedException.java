package io.jenkins.plugins.routetolive.engine.ledger.journal;

/** Another process (or another open ledger in this process) already writes to the journal directory. */
public final class JournalLockedException extends RuntimeException {
    public JournalLockedException(String message) {
        super(message);
    }
}

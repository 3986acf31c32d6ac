package io.jenkins.plugins.routetolive.engine.ledger;

/** A ledger that lives only as long as the process: for tests, demos and dry runs. */
public final class InMemoryLedger extends IndexedLedger {

    @Override
    protected void persist(LedgerEntry sequenced) {
        // the index is the only copy
    }
}

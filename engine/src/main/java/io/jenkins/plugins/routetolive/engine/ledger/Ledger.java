package io.jenkins.plugins.routetolive.engine.ledger;

/**
 * The record of everything that happened on the route. Implementations are safe for concurrent use;
 * {@link #append} returns only once the entry is as durable as the implementation promises.
 */
public interface Ledger extends LedgerQueries, AutoCloseable {

    /** Appends the entry and returns it with its sequence number. */
    LedgerEntry append(LedgerEntry entry);

    @Override
    default void close() {
    }
}

package io.jenkins.plugins.routetolive.engine.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for something another controller wrote to become visible here: one controller's ledger sees another's
 * writes once its reads (or its watch) deliver them, so tests poll for the condition instead of assuming it at once.
 */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Polls every 20 ms for up to 10 s; fails naming what was awaited. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + LIMIT.toSeconds() + " s for: " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /**
     * Checks that something stays false for a while (e.g. that a waiter does not jump the line): a claim about
     * what does not happen can only be checked for a bounded time, here several poll intervals of the waiters.
     */
    public static void never(String what, BooleanSupplier condition, Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                fail("expected never, but it happened: " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while checking: " + what);
            }
        }
    }
}

package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link JournalReservedSpaceTest} under a file size limit: appends {@code args[1]}
 * records with the default options and prints "appended &lt;n&gt;", or the first append's failure.
 */
public final class JournalSizeLimitChild {

    private JournalSizeLimitChild() {
    }

    public static void main(String[] args) {
        int records = Integer.parseInt(args[1]);
        try (JournalLedger ledger = JournalLedger.open(Path.of(args[0]))) {
            for (int n = 1; n <= records; n++) {
                ledger.append(TestEntries.stateChange(n, PromotionState.REQUESTED, "limited"));
            }
            System.out.println("appended " + records);
        } catch (RuntimeException e) {
            System.out.println("failed: " + e.getMessage());
        }
    }
}

package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link JournalLedgerCrashTest}: opens the journal, prints "ready", then appends from
 * four threads as fast as it can and prints "ack &lt;sequence&gt;" after each append returns, until killed.
 */
public final class JournalCrashChild {

    private JournalCrashChild() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        JournalLedger ledger = JournalLedger.open(Path.of(args[0]));
        out.println("ready " + ledger.size());
        out.flush();
        AtomicInteger counter = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            String writer = "writer-" + t;
            Thread thread = new Thread(() -> {
                while (true) {
                    int n = counter.incrementAndGet();
                    long sequence = ledger.append(TestEntries.stateChange(n, PromotionState.REQUESTED, writer)).sequence();
                    synchronized (out) {
                        out.println("ack " + sequence);
                        out.flush();
                    }
                }
            });
            thread.start();
        }
    }
}

package io.jenkins.plugins.routetolive.engine.ledger.journal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What opening a journal found and did.
 *
 * @param journal          the journal file
 * @param records          entries read (before compaction)
 * @param tornTailOffset   byte offset where an unfinished write was cut off, or -1 when the tail was clean
 * @param discardedBytes   bytes of the unfinished write cut off at that offset (zero-filled space reserved after
 *                         it is cut off too, but not counted)
 * @param damage           what was wrong with the first cut-off byte ("" when nothing was cut)
 * @param droppedByRetention entries removed from the journal by the retention setting
 * @param archive          the archive file the dropped entries went to, if any
 */
public record RecoveryReport(Path journal, long records, long tornTailOffset, long discardedBytes, String damage,
                             long droppedByRetention, Optional<Path> archive) {

    public boolean truncated() {
        return tornTailOffset >= 0;
    }

    /** One sentence for the log or console. */
    public String describe() {
        String read = "Read " + records + " ledger entries from " + journal;
        String torn = truncated() ? "; cut off a torn tail of " + discardedBytes + " bytes at offset " + tornTailOffset
                + " (" + damage + ") left by a write that never completed" : "";
        String retention = droppedByRetention == 0 ? "" : "; retention moved " + droppedByRetention + " old entries "
                + archive.map(a -> "to " + a).orElse("out (discarded)");
        return read + torn + retention + ".";
    }
}

package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.nio.file.Path;

/**
 * A journal is damaged somewhere other than its tail: a record that was forced to disk (and so may have
 * been acknowledged) cannot be read. The ledger refuses to open rather than skip it silently.
 */
public final class JournalCorruptedException extends RuntimeException {

    private final transient Path file;
    private final long offset;

    public JournalCorruptedException(Path file, long offset, String why) {
        super(Sentences.join("Ledger journal " + file + " is corrupt at byte offset " + offset + ": " + why,
                "The ledger will not open with a damaged record in the middle. Restore the file from a backup, or"
                + " move it aside to start an empty ledger (the archive-*.rtl files beside it keep older history)."));
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}

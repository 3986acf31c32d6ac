package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalLedgerTest {

    @TempDir
    Path dir;

    @Test
    void answersQueriesAfterReopenExactlyAsBefore() {
        List<LedgerEntry> appended = new ArrayList<>();
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            appended.add(ledger.append(TestEntries.registration("shop", 1)));
            appended.add(ledger.append(TestEntries.of("shop", "test", 1, PromotionState.DEPLOYING, "p1")));
            appended.add(ledger.append(TestEntries.of("shop", "test", 1, PromotionState.VERIFIED, "p1")));
            appended.add(ledger.append(new LedgerEntry(0, TestEntries.T0, io.jenkins.plugins.routetolive.engine.ledger.EntryType.GATE_VERDICT,
                    "p1", "shop", "1.1", TestEntries.digest(1), "test", null, "system", "ünïcödé reason ✓",
                    Map.of("gate", "http", "verdict", "passed"))));
            assertThat(ledger.history("shop")).as("read back from the journal by offset").containsExactlyElementsOf(appended);
            assertThat(ledger.promotionHistory("p1")).hasSize(3);
            assertThat(ledger.digestHistory(TestEntries.digest(1))).hasSize(4);
        }
        try (JournalLedger reopened = JournalLedger.open(dir)) {
            assertThat(reopened.history("shop")).containsExactlyElementsOf(appended);
            assertThat(reopened.environment("shop", "test").lastKnownGood()).get()
                    .satisfies(d -> assertThat(d.digest()).isEqualTo(TestEntries.digest(1)));
            assertThat(reopened.registration("shop", "1.1")).isPresent();
            assertThat(reopened.recoveryReport().truncated()).isFalse();
            assertThat(reopened.append(TestEntries.registration("shop", 2)).sequence()).isEqualTo(5);
        }
    }

    @Test
    void cutsOffATornTailAndReportsItsOffset() throws IOException {
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            for (int i = 1; i <= 10; i++) {
                ledger.append(TestEntries.stateChange(i, PromotionState.REQUESTED, "w"));
            }
        }
        Path journal = dir.resolve(JournalLedger.JOURNAL);
        long cleanEnd = Files.size(journal);
        // Half of a real record, as a write cut short by a power cut would leave it.
        byte[] whole = recordBytesOf(TestEntries.stateChange(11, PromotionState.REQUESTED, "w"), 11);
        append(journal, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (JournalLedger reopened = JournalLedger.open(dir)) {
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.truncated()).isTrue();
            assertThat(report.tornTailOffset()).isEqualTo(cleanEnd);
            assertThat(report.discardedBytes()).isEqualTo(whole.length / 2);
            assertThat(report.describe()).contains("offset " + cleanEnd);
            assertThat(reopened.size()).isEqualTo(10);
            assertThat(Files.size(journal)).isEqualTo(cleanEnd);
            assertThat(reopened.append(TestEntries.stateChange(11, PromotionState.REQUESTED, "w")).sequence()).isEqualTo(11);
        }
        append(journal, new byte[] {0x13, 0x37, 0x00, 0x42, 0x7f});
        try (JournalLedger again = JournalLedger.open(dir)) {
            assertThat(again.size()).isEqualTo(11);
            assertThat(again.recoveryReport().damage()).isNotEmpty();
        }
    }

    @Test
    void refusesToOpenWhenARecordInTheMiddleIsCorruptNamingFileAndOffset() throws IOException {
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            for (int i = 10; i < 30; i++) {
                ledger.append(TestEntries.stateChange(i, PromotionState.REQUESTED, "w"));
            }
        }
        Path journal = dir.resolve(JournalLedger.JOURNAL);
        long recordSize = (Files.size(journal) - 16) / 20;
        long recordStart = 16 + 9 * recordSize;
        flipByte(journal, recordStart + recordSize / 2);
        assertThatThrownBy(() -> JournalLedger.open(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(journal.toString())
                .hasMessageContaining("offset " + recordStart)
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(recordStart));
        assertThat(Files.size(journal)).as("nothing was cut off").isEqualTo(16 + 20 * recordSize);
        flipByte(journal, recordStart + recordSize / 2);
        try (JournalLedger repaired = JournalLedger.open(dir)) {
            assertThat(repaired.size()).as("the lock was released after the refusal").isEqualTo(20);
        }
    }

    @Test
    void refusesASecondWriterNamingTheHolder() {
        try (JournalLedger first = JournalLedger.open(dir)) {
            first.append(TestEntries.registration("shop", 1));
            assertThatThrownBy(() -> JournalLedger.open(dir))
                    .isInstanceOf(JournalLockedException.class)
                    .hasMessageContaining("already open for writing by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining(dir.toString());
        }
        try (JournalLedger afterClose = JournalLedger.open(dir)) {
            assertThat(afterClose.size()).isEqualTo(1);
        }
    }

    @Test
    void keepsEveryAppendOfSixteenConcurrentThreadsDenseAndInFileOrder() throws Exception {
        int threads = 16;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            for (int t = 0; t < threads; t++) {
                String writer = "writer-" + t;
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ledger.append(TestEntries.stateChange(i, PromotionState.REQUESTED, writer)).sequence());
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> r : results) {
                List<Long> mine = r.get();
                assertThat(mine).as("one thread's appends get increasing sequences").isSorted();
                all.addAll(mine);
            }
            assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
        } finally {
            pool.shutdown();
        }
        try (JournalLedger reopened = JournalLedger.open(dir)) {
            List<LedgerEntry> history = reopened.history("shop");
            assertThat(history).extracting(LedgerEntry::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
            for (int t = 0; t < threads; t++) {
                String writer = "writer-" + t;
                assertThat(history.stream().filter(e -> e.reason().equals(writer)).map(LedgerEntry::version).toList())
                        .as("%s's entries appear in the order it appended them", writer)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> "1." + i).toList());
            }
        }
    }

    static byte[] recordBytesOf(LedgerEntry entry, long sequence) {
        var buffer = new io.jenkins.plugins.routetolive.engine.ledger.journal.internal.GrowableBuffer(256);
        io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RecordCodec.encode(entry.withSequence(sequence), 0, buffer);
        return java.util.Arrays.copyOf(buffer.array(), buffer.size());
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.flip();
            byte flipped = (byte) (one.get(0) ^ 0x5a);
            channel.write(ByteBuffer.wrap(new byte[] {flipped}), offset);
        }
    }

    static EnvironmentState state(JournalLedger ledger, String app, String env) {
        return ledger.environment(app, env);
    }
}

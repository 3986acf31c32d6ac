package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal keeps zero-filled space ahead of its last record while it is open. A controller that dies leaves
 * that space behind; opening must read it as the clean end of the journal, not as damage, and must still tell a
 * torn write or a damaged record apart from it.
 */
class JournalReservedSpaceTest {

    private static final int RESERVE = 64 * 1024;
    private static final JournalOptions OPTIONS = JournalOptions.defaults().withPreallocateBytes(RESERVE);

    @TempDir
    Path dir;

    @Test
    void keepsZerosAheadOfTheLastRecordWhileOpenAndCutsThemOffOnClose() throws IOException {
        Path journal = dir.resolve("reserved").resolve(JournalLedger.JOURNAL);
        Path plain = dir.resolve("plain").resolve(JournalLedger.JOURNAL);
        try (JournalLedger reserved = JournalLedger.open(journal.getParent(), OPTIONS);
             JournalLedger unreserved = JournalLedger.open(plain.getParent(), OPTIONS.withPreallocateBytes(0))) {
            List<Long> sizes = new ArrayList<>();
            long firstRecordEnd = 0;
            for (int i = 1; i <= 10; i++) {
                reserved.append(TestEntries.stateChange(i, PromotionState.REQUESTED, "w"));
                unreserved.append(TestEntries.stateChange(i, PromotionState.REQUESTED, "w"));
                sizes.add(Files.size(journal));
                firstRecordEnd = i == 1 ? Files.size(plain) : firstRecordEnd;
            }
            assertThat(sizes).as("the first append reserved the space, the next ones wrote into it")
                    .containsOnly(firstRecordEnd + RESERVE);
            assertThat(tail(journal, Files.size(plain))).as("what is not used yet is zeros").containsOnly((byte) 0);
        }
        assertThat(Files.readAllBytes(journal)).as("a closed journal ends with its last record")
                .isEqualTo(Files.readAllBytes(plain));
    }

    @Test
    void aJournalThatWasNeverClosedOpensFromItsReservedSpaceWithoutReportingDamage() throws IOException {
        Path crashed = dir.resolve("crashed");
        long dataEnd = appendTenAndCopyWhileOpen(crashed);
        Path journal = crashed.resolve(JournalLedger.JOURNAL);
        assertThat(Files.size(journal)).isGreaterThan(dataEnd);
        List<LedgerEntry> appended = new ArrayList<>();
        try (JournalLedger reopened = JournalLedger.open(crashed, OPTIONS)) {
            assertThat(reopened.recoveryReport().truncated()).as("zeros are reserved space, not a torn tail").isFalse();
            assertThat(reopened.recoveryReport().describe()).doesNotContain("torn");
            assertThat(reopened.size()).isEqualTo(10);
            appended.add(reopened.append(TestEntries.stateChange(11, PromotionState.DEPLOYING, "after")));
            assertThat(appended.get(0).sequence()).isEqualTo(11);
            assertThat(reopened.history("shop")).as("the new record went right after the last one").hasSize(11)
                    .last().isEqualTo(appended.get(0));
        }
        try (JournalLedger again = JournalLedger.open(crashed, OPTIONS)) {
            assertThat(again.history("shop")).hasSize(11).last().isEqualTo(appended.get(0));
        }
    }

    @Test
    void aTornWriteIntoReservedSpaceIsCutOffAndCountedWithoutTheZeros() throws IOException {
        Path crashed = dir.resolve("torn");
        long dataEnd = appendTenAndCopyWhileOpen(crashed);
        Path journal = crashed.resolve(JournalLedger.JOURNAL);
        byte[] whole = JournalLedgerTest.recordBytesOf(TestEntries.stateChange(11, PromotionState.REQUESTED, "w"), 11);
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        write(journal, dataEnd, half);
        try (JournalLedger reopened = JournalLedger.open(crashed, OPTIONS)) {
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.truncated()).isTrue();
            assertThat(report.tornTailOffset()).isEqualTo(dataEnd);
            assertThat(report.discardedBytes()).as("the half record, not the zeros after it").isEqualTo(half.length);
            assertThat(report.describe()).contains("torn tail of " + half.length + " bytes at offset " + dataEnd);
            assertThat(reopened.size()).isEqualTo(10);
            assertThat(reopened.append(TestEntries.stateChange(11, PromotionState.REQUESTED, "w")).sequence()).isEqualTo(11);
        }
        try (JournalLedger again = JournalLedger.open(crashed, OPTIONS)) {
            assertThat(again.size()).isEqualTo(11);
            assertThat(again.recoveryReport().truncated()).isFalse();
        }
    }

    @Test
    void aDamagedRecordBeforeReservedSpaceIsStillRefused() throws IOException {
        Path crashed = dir.resolve("damaged");
        long dataEnd = appendTenAndCopyWhileOpen(crashed);
        Path journal = crashed.resolve(JournalLedger.JOURNAL);
        long recordSize = (dataEnd - 16) / 10;
        long fifth = 16 + 4 * recordSize;
        JournalLedgerTest.flipByte(journal, fifth + recordSize / 2);
        assertThatThrownBy(() -> JournalLedger.open(crashed, OPTIONS))
                .isInstanceOf(JournalCorruptedException.class)
                .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(fifth));
        assertThat(Files.size(journal)).as("nothing was cut off").isGreaterThan(dataEnd);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aDiskThatRefusesTheReservationStillTakesRecordsThatFit() throws Exception {
        // A real limit, not a fake channel: bash's ulimit -f makes every write past 1 MiB fail with "File too
        // large" (the JVM ignores SIGXFSZ), so the default 4 MiB reservation cannot be had in full.
        Path limited = dir.resolve("limited");
        String javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("bash", "-c", "ulimit -f 1024 && exec \"$@\"", "bash", javaExecutable, "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                JournalSizeLimitChild.class.getName(), limited.toString(), "200")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("every append under a 1 MiB file size limit").isEqualTo("appended 200");
        try (JournalLedger reopened = JournalLedger.open(limited, OPTIONS)) {
            assertThat(reopened.size()).isEqualTo(200);
            assertThat(reopened.recoveryReport().truncated()).isFalse();
        }
        assertThat(Files.size(limited.resolve(JournalLedger.JOURNAL))).isLessThan(1024 * 1024);
    }

    /**
     * Appends ten records (one forced batch each) into a journal in {@code target}'s sibling, copies the journal
     * file into {@code target} while it is still open (what the next open sees after the controller is killed: the
     * page cache survives a killed process), closes the original and returns where its records end.
     */
    private long appendTenAndCopyWhileOpen(Path target) throws IOException {
        Path live = dir.resolve("live-" + target.getFileName());
        try (JournalLedger ledger = JournalLedger.open(live, OPTIONS)) {
            for (int i = 1; i <= 10; i++) {
                ledger.append(TestEntries.stateChange(i, PromotionState.REQUESTED, "w"));
            }
            Files.createDirectories(target);
            Files.copy(live.resolve(JournalLedger.JOURNAL), target.resolve(JournalLedger.JOURNAL));
        }
        return Files.size(live.resolve(JournalLedger.JOURNAL));
    }

    private static byte[] tail(Path file, long from) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(all, (int) from, all.length);
    }

    private static void write(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer, offset);
            }
        }
    }
}

package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class JournalLedgerCrashTest {

    private static final int KILLS = 50;

    @TempDir
    Path dir;

    @Test
    void keepsEveryAcknowledgedRecordThroughFiftyKillNine() throws Exception {
        Random random = new Random(42);
        long acknowledgedTotal = 0;
        int tornTails = 0;
        int reservedTails = 0;
        Path journal = dir.resolve(JournalLedger.JOURNAL);
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(javaExecutable(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = lines.readLine();
            assertThat(ready).as("child %s started", kill).startsWith("ready");
            CompletableFuture<List<Long>> acks = CompletableFuture.supplyAsync(() -> readAcks(lines));
            Thread.sleep(5 + random.nextInt(60));
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<Long> acknowledged = acks.get(20, TimeUnit.SECONDS);
            acknowledgedTotal += acknowledged.size();

            long sizeAfterKill = Files.size(journal);
            try (JournalLedger ledger = JournalLedger.open(dir)) {
                List<LedgerEntry> entries = ledger.history("shop");
                Set<Long> present = new HashSet<>();
                entries.forEach(e -> present.add(e.sequence()));
                assertThat(present).as("acknowledged before kill %s", kill).containsAll(acknowledged);
                assertThat(entries).extracting(LedgerEntry::sequence).as("sequences are dense, in file order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, entries.size()).boxed().toList());
                assertThat(entries).allSatisfy(e -> {
                    assertThat(e.reason()).startsWith("writer-");
                    assertThat(e.attribute(LedgerEntry.Attributes.BUILD)).isEqualTo("shop/" + e.version().substring(2));
                });
                RecoveryReport report = ledger.recoveryReport();
                if (report.truncated()) {
                    tornTails++;
                    assertThat(report.tornTailOffset()).isPositive();
                    assertThat(report.describe()).contains("offset " + report.tornTailOffset());
                }
            }
            // close() cut the reserved zeros off: a larger file after the kill carried them through the open
            reservedTails += sizeAfterKill > Files.size(journal) ? 1 : 0;
        }
        assertThat(reservedTails).as("kills that left reserved zeros behind, read as the clean end").isPositive();
        assertThat(acknowledgedTotal).as("the children appended something").isGreaterThan(KILLS);
        System.out.printf("crash test: %d kills, %d acknowledged appends, %d torn tails cut off, %d left reserved zeros%n",
                KILLS, acknowledgedTotal, tornTails, reservedTails);
    }

    private static List<Long> readAcks(BufferedReader lines) {
        List<Long> acks = new ArrayList<>();
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ack ") && line.length() > 4) {
                    try {
                        acks.add(Long.parseLong(line.substring(4)));
                    } catch (NumberFormatException e) {
                        // a line cut short by the kill: never acknowledged in full
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closes with the child
        }
        return acks;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

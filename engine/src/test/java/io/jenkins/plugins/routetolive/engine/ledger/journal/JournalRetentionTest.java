package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRetentionTest {

    private static final List<String> APPS = List.of("shop", "cart", "search");
    private static final List<String> ENVS = List.of("development", "test", "stage", "production");

    @TempDir
    Path dir;

    @Test
    void compactionKeepsCurrentAndLastKnownGoodOfEveryEnvironmentRegistrationsAndActivePromotions() throws java.io.IOException {
        Map<String, EnvironmentState> before = new HashMap<>();
        List<String> registered = new ArrayList<>();
        long appended;
        Path archive;
        long dropped;
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            int n = 0;
            for (int round = 0; round < 40; round++) {
                for (String app : APPS) {
                    n++;
                    ledger.append(TestEntries.registration(app, n));
                    registered.add(app + " 1." + n);
                    for (String env : ENVS) {
                        String id = app + "-" + env + "-" + n;
                        ledger.append(TestEntries.of(app, env, n, PromotionState.REQUESTED, id));
                        ledger.append(TestEntries.of(app, env, n, PromotionState.DEPLOYING, id));
                        ledger.append(TestEntries.of(app, env, n, PromotionState.VERIFYING, id));
                        // every third promotion in production fails and is rolled back; the last one stays in flight
                        boolean fails = env.equals("production") && n % 3 == 0;
                        ledger.append(TestEntries.of(app, env, n, fails ? PromotionState.FAILED : PromotionState.VERIFIED, id));
                    }
                }
            }
            ledger.append(TestEntries.of("shop", "production", n + 1, PromotionState.REQUESTED, "in-flight"));
            ledger.append(TestEntries.of("shop", "production", n + 1, PromotionState.AWAITING_APPROVAL, "in-flight"));
            for (String app : APPS) {
                for (String env : ENVS) {
                    before.put(app + "/" + env, ledger.environment(app, env));
                }
            }
            appended = ledger.size();
        }
        try (JournalLedger compacted = JournalLedger.open(dir, JournalOptions.defaults().withRetainEntries(10))) {
            RecoveryReport report = compacted.recoveryReport();
            assertThat(report.droppedByRetention()).isGreaterThan(appended / 2);
            assertThat(report.archive()).isPresent();
            archive = report.archive().get();
            dropped = report.droppedByRetention();
            assertThat(compacted.size()).isEqualTo(appended - report.droppedByRetention());
            assertEnvironmentsAndRegistrations(compacted, before, registered);
            assertThat(compacted.promotionHistory("in-flight")).extracting(LedgerEntry::state)
                    .containsExactly(PromotionState.REQUESTED, PromotionState.AWAITING_APPROVAL);
            assertThat(compacted.append(TestEntries.registration("shop", 999)).sequence())
                    .as("sequence numbers continue after compaction").isEqualTo(appended + 1);
        }
        try (JournalLedger reopened = JournalLedger.open(dir)) {
            assertEnvironmentsAndRegistrations(reopened, before, registered);
        }
        Path archived = dir.resolve("archived");
        java.nio.file.Files.createDirectories(archived);
        java.nio.file.Files.copy(archive, archived.resolve(JournalLedger.JOURNAL));
        try (JournalLedger old = JournalLedger.open(archived)) {
            assertThat(old.size()).as("the archive holds exactly the dropped entries, in the journal format")
                    .isEqualTo(dropped);
        }
    }

    private static void assertEnvironmentsAndRegistrations(JournalLedger ledger, Map<String, EnvironmentState> before,
                                                           List<String> registered) {
        for (String app : APPS) {
            for (String env : ENVS) {
                assertThat(ledger.environment(app, env)).as("%s in %s", app, env).isEqualTo(before.get(app + "/" + env));
            }
        }
        for (String registration : registered) {
            String[] parts = registration.split(" ");
            assertThat(ledger.registration(parts[0], parts[1])).as(registration).isPresent();
        }
    }
}

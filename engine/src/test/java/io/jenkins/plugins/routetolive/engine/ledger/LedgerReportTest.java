package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.routetolive.engine.ledger.LedgerIndexTest.artifact;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerReportTest {

    private static final Instant T0 = Instant.parse("2026-11-18T10:00:00Z");
    private static final Artifact V1 = artifact("shop", "1.0.0");
    private static final Artifact V2 = artifact("shop", "1.1.0");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final LedgerReport report = new LedgerReport(ledger);
    private int seconds;

    @BeforeEach
    void history() {
        append(EntryType.ARTIFACT_REGISTERED, "", V1, "build", null, "dora", "", Map.of(
                LedgerEntry.Attributes.SOURCE_REVISION, "abc123"));
        for (String env : List.of("development", "test")) {
            String id = "p-" + env;
            append(EntryType.STATE_CHANGED, id, V1, env, PromotionState.REQUESTED, "dora", "", Map.of());
            append(EntryType.STATE_CHANGED, id, V1, env, PromotionState.DEPLOYING, "system", "", Map.of());
            append(EntryType.GATE_VERDICT, id, V1, env, null, "system", "3/3 checks passed in 0.3 s",
                    Map.of(LedgerEntry.Attributes.VERDICT, "passed"));
            append(EntryType.STATE_CHANGED, id, V1, env, PromotionState.VERIFIED, "system", "", Map.of());
        }
        append(EntryType.ARTIFACT_REGISTERED, "", V2, "build", null, "dora", "", Map.of(
                LedgerEntry.Attributes.SOURCE_REVISION, "def456"));
        append(EntryType.STATE_CHANGED, "p-2", V2, "development", PromotionState.REQUESTED, "dora", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-2", V2, "development", PromotionState.DEPLOYING, "system", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-2", V2, "development", PromotionState.FAILED, "system",
                "health gate failed: 3 checks failed in a row (status 503 is not 2xx) after 0.3 s, and this reason is long",
                Map.of());
        append(EntryType.STATE_CHANGED, "p-2", V2, "development", PromotionState.ROLLING_BACK, "system", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-2", V2, "development", PromotionState.ROLLED_BACK, "system", "health gate failed",
                Map.of(LedgerEntry.Attributes.RESTORED_DIGEST, V1.digest().value(),
                        LedgerEntry.Attributes.RESTORED_VERSION, "1.0.0"));
    }

    @Test
    void whatRunsWhereHasOneRowPerEnvironmentOfTheRoute() {
        List<List<String>> rows = rows(report.whatRunsWhere(DefaultRoute.create(), "shop"));

        assertThat(rows.get(0)).containsExactly("environment", "running", "digest", "last", "known", "good", "manifest", "state");
        assertThat(rows.get(1)).allSatisfy(cell -> assertThat(cell).matches("-+"));
        assertThat(rows.subList(2, rows.size())).extracting(r -> r.get(0))
                .containsExactly("local", "build", "development", "test", "stage", "production");
        String shortV1 = V1.digest().shortForm();
        String shortV2 = V2.digest().shortForm();
        assertThat(row(rows, "build")).as("the latest registration").containsExactly("build", "1.1.0", shortV2, "1.1.0", shortV2, "-", "ok");
        assertThat(row(rows, "development")).as("rolled back to 1.0.0")
                .containsExactly("development", "1.0.0", shortV1, "1.0.0", shortV1, "-", "ok");
        assertThat(row(rows, "test")).containsExactly("test", "1.0.0", shortV1, "1.0.0", shortV1, "-", "ok");
        assertThat(row(rows, "production")).containsExactly("production", "-", "-", "-", "-", "-");
    }

    @Test
    void whatRunsWhereShowsABrokenEnvironmentWithItsReason() {
        append(EntryType.STATE_CHANGED, "p-3", V2, "test", PromotionState.REQUESTED, "dora", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-3", V2, "test", PromotionState.FAILED, "system", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-3", V2, "test", PromotionState.ROLLING_BACK, "system", "", Map.of());
        append(EntryType.STATE_CHANGED, "p-3", V2, "test", PromotionState.ROLLBACK_FAILED, "system", "restore timed out",
                Map.of());

        String table = report.whatRunsWhere(DefaultRoute.create(), "shop");

        assertThat(table.lines().filter(l -> l.startsWith("test ")).findFirst().orElseThrow())
                .endsWith("BROKEN: restore timed out");
    }

    @Test
    void historyHasOneRowPerEntryOldestFirst() {
        String table = report.history("shop");
        List<String> lines = table.lines().toList();

        assertThat(lines.get(0)).startsWith("#").contains("time (UTC)", "environment", "version", "what", "who", "why");
        assertThat(lines).hasSize(2 + ledger.history("shop").size());
        assertThat(lines.get(2)).startsWith("1 ").contains("2026-11-18 10:00:00.000", "build", "1.0.0",
                "artifact registered", "dora");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("development", "1.0.0", "gate passed",
                "3/3 checks passed in 0.3 s"));
        assertThat(lines.get(lines.size() - 1)).contains("1.1.0", "rolled back (restored 1.0.0)", "health gate failed");
        String failed = lines.stream().filter(l -> l.contains(" failed ")).filter(l -> l.contains("1.1.0")).findFirst()
                .orElseThrow();
        assertThat(failed).endsWith("…").doesNotContain("this reason is long");
        assertThat(rows(table).subList(2, lines.size())).extracting(r -> Integer.parseInt(r.get(0))).isSorted();
    }

    private void append(EntryType type, String id, Artifact artifact, String env, PromotionState state, String actor,
                        String reason, Map<String, String> attributes) {
        ledger.append(new LedgerEntry(0, T0.plusSeconds(seconds++), type, id, artifact.application(), artifact.version(),
                artifact.digest(), env, state, actor, reason, attributes));
    }

    private static List<List<String>> rows(String table) {
        return table.lines().map(l -> Arrays.asList(l.trim().split("\\s+"))).toList();
    }

    private static List<String> row(List<List<String>> rows, String environment) {
        return rows.stream().filter(r -> r.get(0).equals(environment)).findFirst().orElseThrow();
    }
}

package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables of the ledger for people: what runs where, and the history of an application. */
public final class LedgerReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final LedgerQueries ledger;

    public LedgerReport(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    /** One row per environment of the route: what runs there, the last known good, and whether it is broken. */
    public String whatRunsWhere(Route route, String application) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"environment", "running", "digest", "last known good", "state"});
        for (Environment env : route.environments()) {
            EnvironmentState s = ledger.environment(application, env.name());
            rows.add(new String[] {
                env.name(),
                s.current().map(Deployed::version).orElse("-"),
                s.current().map(d -> d.digest().shortForm()).orElse("-"),
                s.lastKnownGood().map(d -> d.version() + " " + d.digest().shortForm()).orElse("-"),
                s.broken() ? "BROKEN: " + s.brokenReason() : s.current().isPresent() ? "ok" : "-"
            });
        }
        return table(rows);
    }

    /** Every entry of the application, oldest first. */
    public String history(String application) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "time (UTC)", "environment", "version", "what", "who", "why"});
        for (LedgerEntry e : ledger.history(application)) {
            String what = switch (e.type()) {
                case STATE_CHANGED -> e.state().label() + (e.attribute(LedgerEntry.Attributes.RESTORED_VERSION) == null ? ""
                        : " (restored " + e.attribute(LedgerEntry.Attributes.RESTORED_VERSION) + ")");
                case GATE_VERDICT -> "gate " + e.attribute(LedgerEntry.Attributes.VERDICT);
                default -> e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
            rows.add(new String[] {String.valueOf(e.sequence()), TIME.format(e.time()), e.environment(), e.version(), what,
                e.actor(), e.reason().length() > 70 ? e.reason().substring(0, 69) + "…" : e.reason()});
        }
        return table(rows);
    }

    private static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], width[i]));
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < row.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}

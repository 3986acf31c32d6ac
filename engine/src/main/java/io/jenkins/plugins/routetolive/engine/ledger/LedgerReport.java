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
        rows.add(new String[] {"environment", "running", "digest", "last known good", "manifest", "state"});
        List<LedgerEntry> history = ledger.history(application);
        for (Environment env : route.environments()) {
            EnvironmentState s = ledger.environment(application, env.name());
            rows.add(new String[] {
                env.name(),
                s.current().map(Deployed::version).orElse("-"),
                s.current().map(d -> d.digest().shortForm()).orElse("-"),
                s.lastKnownGood().map(d -> d.version() + " " + d.digest().shortForm()).orElse("-"),
                s.current().map(d -> manifestOf(history, env.name(), d)).orElse("-"),
                s.broken() ? "BROKEN: " + s.brokenReason() : s.current().isPresent() ? "ok" : "-"
            });
        }
        return table(rows);
    }

    /** The last release manifest that put (or kept) this digest in this environment, "-" when none. */
    private static String manifestOf(List<LedgerEntry> history, String environment, Deployed deployed) {
        String found = "-";
        for (LedgerEntry e : history) {
            if (e.type() == EntryType.MANIFEST_COMPONENT && e.environment().equals(environment)
                    && e.digest().equals(deployed.digest())) {
                found = e.attribute(LedgerEntry.Attributes.MANIFEST) + " " + e.attribute(LedgerEntry.Attributes.MANIFEST_VERSION);
            }
        }
        return found;
    }

    /**
     * One row per environment: the version of each named application running there, and whether the
     * environment runs exactly the manifest's components ("complete") or not ("partial", "-").
     *
     * @param components application name → digest, as the manifest lists them
     */
    public String whatRunsWhere(Route route, String manifest, java.util.Map<String, io.jenkins.plugins.routetolive.engine.artifact.Digest> components) {
        List<String> apps = new ArrayList<>(new java.util.TreeSet<>(components.keySet()));
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("environment"));
        header.addAll(apps);
        header.add("manifest " + manifest);
        rows.add(header.toArray(String[]::new));
        for (Environment env : route.environments()) {
            List<String> row = new ArrayList<>(List.of(env.name()));
            int matching = 0;
            for (String app : apps) {
                var current = ledger.environment(app, env.name()).current();
                boolean match = current.map(d -> d.digest().equals(components.get(app))).orElse(false);
                matching += match ? 1 : 0;
                row.add(current.map(d -> d.version() + (match ? "" : " (not in manifest)")).orElse("-"));
            }
            row.add(matching == apps.size() ? "complete" : matching == 0 ? "-" : "partial");
            rows.add(row.toArray(String[]::new));
        }
        return table(rows);
    }

    /** Every promotion of a release manifest (recorded under its name), oldest first. */
    public String manifestHistory(String manifest) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "time (UTC)", "environment", "version", "digest", "outcome", "failed component", "who"});
        for (LedgerEntry e : ledger.history(manifest)) {
            if (e.type() != EntryType.MANIFEST_OUTCOME) {
                continue;
            }
            String failed = e.attribute(LedgerEntry.Attributes.FAILED_COMPONENT);
            rows.add(new String[] {String.valueOf(e.sequence()), TIME.format(e.time()), e.environment(), e.version(),
                e.digest().shortForm(), e.attribute(LedgerEntry.Attributes.MANIFEST_OUTCOME), failed == null ? "-" : failed,
                e.actor()});
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
                case REHEARSAL -> "rehearsal " + e.attribute(LedgerEntry.Attributes.REHEARSAL);
                case MANIFEST_COMPONENT -> "in manifest " + e.attribute(LedgerEntry.Attributes.MANIFEST) + " "
                        + e.attribute(LedgerEntry.Attributes.MANIFEST_VERSION) + " ("
                        + e.attribute(LedgerEntry.Attributes.MANIFEST_ROLE) + ")";
                case MANIFEST_ROLLBACK -> "manifest rollback " + e.attribute(LedgerEntry.Attributes.VERDICT)
                        + (e.attribute(LedgerEntry.Attributes.RESTORED_VERSION) == null ? ""
                        : " (restored " + e.attribute(LedgerEntry.Attributes.RESTORED_VERSION) + ")");
                case MANIFEST_OUTCOME -> "manifest " + e.attribute(LedgerEntry.Attributes.MANIFEST_OUTCOME);
                case EPHEMERAL_DEPLOYED -> "ephemeral " + e.attribute(LedgerEntry.Attributes.NAMESPACE) + " gate "
                        + e.attribute(LedgerEntry.Attributes.VERDICT);
                case EPHEMERAL_TORN_DOWN -> "ephemeral " + e.attribute(LedgerEntry.Attributes.NAMESPACE) + " torn down";
                case EPHEMERAL_TEARDOWN_FAILED -> "ephemeral " + e.attribute(LedgerEntry.Attributes.NAMESPACE)
                        + " teardown failed";
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

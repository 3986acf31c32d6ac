package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded mix of every way a promotion can go, over two applications whose writers' clocks disagree a little,
 * for tests that compare answers rather than know them: rollbacks, broken environments and resolutions, rejected
 * approvals, refusals, manual rollbacks, rehearsals and promotions left in flight.
 */
final class RandomHistory {

    static final List<String> APPLICATIONS = List.of("shop", "cart");
    static final List<String> ENVIRONMENTS = List.of("test", "stage", "production");

    private RandomHistory() {
    }

    /** Writes {@code steps} steps to the ledger; returns the scripts, whose clocks stand at their last entry. */
    static List<LedgerScript> write(Ledger ledger, long seed, int steps) {
        Random random = new Random(seed);
        List<LedgerScript> scripts = new ArrayList<>();
        for (String app : APPLICATIONS) {
            scripts.add(new LedgerScript(ledger, app));
        }
        List<List<Artifact>> verified = new ArrayList<>();
        APPLICATIONS.forEach(a -> verified.add(new ArrayList<>()));
        for (int step = 0; step < steps; step++) {
            int which = random.nextInt(scripts.size());
            LedgerScript s = scripts.get(which);
            List<Artifact> good = verified.get(which);
            s.advance(Duration.ofMinutes(random.nextInt(12 * 60)));
            String env = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size()));
            Artifact a = s.register("1." + step);
            s.advance(Duration.ofMinutes(random.nextInt(600)));
            Artifact old = good.isEmpty() ? a : good.get(random.nextInt(good.size()));
            switch (random.nextInt(10)) {
                case 0 -> s.rolledBack(a, env, old, Duration.ofMinutes(random.nextInt(30)));
                case 1 -> {
                    s.rollbackFailed(a, env, old, Duration.ofMinutes(random.nextInt(30)));
                    s.advance(Duration.ofMinutes(random.nextInt(300)));
                    s.resolved(old, env);
                }
                case 2 -> s.failedLeftAsIs(a, env);
                case 3 -> s.rejected(a, env);
                case 4 -> s.refusedBeforeDeploying(a, env);
                case 5 -> s.manualRollback(old, env);
                case 6 -> s.started(a, env);
                case 7 -> {
                    s.verifiedWithRehearsal(a, env, old);
                    good.add(a);
                }
                default -> {
                    s.verified(a, env);
                    good.add(a);
                }
            }
        }
        return scripts;
    }

    /** Windows of several lengths ending at several instants around the history's span. */
    static List<MetricsWindow> windows(List<LedgerScript> scripts) {
        List<MetricsWindow> windows = new ArrayList<>();
        java.time.Instant last = scripts.stream().map(s -> s.clock.instant()).max(java.time.Instant::compareTo).orElseThrow();
        for (Duration length : List.of(Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30),
                Duration.ofDays(365))) {
            for (int back = 0; back <= 40; back += 5) {
                windows.add(new MetricsWindow(last.minus(Duration.ofDays(back)), length));
            }
        }
        return windows;
    }
}

package io.jenkins.plugins.routetolive.engine.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * Delivery metrics (the four DORA measures) of one application in one environment, for a window and for the
 * window of equal length just before it, so a page can show which way each measure moved. Computed from the
 * ledger alone; see {@code LedgerQueries#metrics} and docs/metrics.md for the definitions.
 *
 * @param application the application
 * @param environment the environment
 * @param current     the measures over the window asked for
 * @param previous    the measures over {@code current.window().previous()}
 */
public record DeliveryMetrics(String application, String environment, WindowMeasures current, WindowMeasures previous) {

    /** The environment metrics are usually asked about. */
    public static final String DEFAULT_ENVIRONMENT = "production";

    public DeliveryMetrics {
        Objects.requireNonNull(application, "application must not be null");
        Objects.requireNonNull(environment, "environment must not be null");
        Objects.requireNonNull(current, "current must not be null");
        Objects.requireNonNull(previous, "previous must not be null");
        if (!previous.window().equals(current.window().previous())) {
            throw new IllegalArgumentException("previous must cover the window before the current one ("
                    + current.window().previous() + "), but covered " + previous.window());
        }
    }

    /** More or fewer verified promotions than in the previous window; no data only when both had none. */
    public Trend deploymentFrequencyTrend() {
        int before = previous.deploymentFrequency().deployments();
        int now = current.deploymentFrequency().deployments();
        return before == 0 && now == 0 ? Trend.NO_DATA : Trend.between(Optional.of(before), Optional.of(now));
    }

    /** Which way the median lead time moved. */
    public Trend leadTimeTrend() {
        return Trend.between(previous.leadTime().map(DurationSummary::p50), current.leadTime().map(DurationSummary::p50));
    }

    /** Which way the change failure rate moved. */
    public Trend changeFailureRateTrend() {
        return Trend.between(previous.changeFailureRate().rate(), current.changeFailureRate().rate());
    }

    /** Which way the median time to restore moved. */
    public Trend timeToRestoreTrend() {
        return Trend.between(previous.timeToRestore().map(DurationSummary::p50),
                current.timeToRestore().map(DurationSummary::p50));
    }
}

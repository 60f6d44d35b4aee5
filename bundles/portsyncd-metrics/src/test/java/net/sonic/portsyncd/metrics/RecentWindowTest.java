package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.time.Duration;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis freeze leaves one huge latency. Since the last reset it stays the max; in the recent window it stays at
 * least {@link MetricsSnapshot#RECENT_WINDOW} (a poller every minute sees it) and is gone one step later.
 */
class RecentWindowTest {
    private static final long FREEZE_NANOS = Duration.ofMillis(15_012).toNanos();
    private static final long NORMAL_NANOS = Duration.ofMillis(1).toNanos();
    private static final Duration WINDOW = MetricsSnapshot.RECENT_WINDOW;
    private static final Duration STEP = MetricsSnapshot.RECENT_STEP;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final MetricsRegistry registry = new MetricsRegistry(clock, clock::nanoTime);

    /** Where in a step of the window the freeze falls must not matter. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2_500, 4_999})
    void aFreezeLeavesTheRecentWindowAfterTheWindowButNotTheLifetimeMax(long millisIntoAStep) {
        clock.advanceMillis(millisIntoAStep);
        record(NORMAL_NANOS, 1_000);
        registry.recordNanos(Histogram.EVENT_LATENCY, FREEZE_NANOS);

        clock.advance(WINDOW.minusSeconds(30));
        record(NORMAL_NANOS, 100);
        clock.advance(Duration.ofSeconds(30));

        HistogramSummary stillThere = recent();
        assertThat(stillThere.count()).isEqualTo(1_101);
        assertThat(stillThere.maxNanos()).isCloseTo(FREEZE_NANOS, withPercentage(0.1));

        clock.advance(STEP);

        HistogramSummary gone = recent();
        assertThat(gone.count()).as("only what was recorded 30 s later").isEqualTo(100);
        assertThat(gone.maxNanos()).isCloseTo(NORMAL_NANOS, withPercentage(0.1));
        assertThat(gone.p99Nanos()).isLessThanOrEqualTo(gone.maxNanos());
        HistogramSummary lifetime = registry.snapshot().histogram(Histogram.EVENT_LATENCY);
        assertThat(lifetime.count()).isEqualTo(1_101);
        assertThat(lifetime.maxNanos()).isEqualTo(FREEZE_NANOS);

        clock.advance(WINDOW);
        assertThat(recent()).isEqualTo(HistogramSummary.EMPTY);
        assertThat(registry.snapshot().histogram(Histogram.EVENT_LATENCY).count()).isEqualTo(1_101);
    }

    /**
     * Nobody reads for two minutes: what was recorded then is still counted in the step it was recorded in, not in
     * the step of the next read.
     */
    @Test
    void valuesBelongToTheStepTheyWereRecordedInEvenWithoutReads() {
        registry.recordNanos(Histogram.EVENT_LATENCY, FREEZE_NANOS);
        clock.advance(Duration.ofMinutes(2));
        registry.recordNanos(Histogram.EVENT_LATENCY, NORMAL_NANOS);

        HistogramSummary recent = recent();

        assertThat(recent.count()).isEqualTo(1);
        assertThat(recent.maxNanos()).isCloseTo(NORMAL_NANOS, withPercentage(0.1));
    }

    @Test
    void aResetEmptiesTheWindowToo() {
        record(NORMAL_NANOS, 10);

        registry.reset();

        assertThat(recent()).isEqualTo(HistogramSummary.EMPTY);
        record(NORMAL_NANOS, 3);
        assertThat(recent().count()).isEqualTo(3);
    }

    private void record(long nanos, int times) {
        for (int i = 0; i < times; i++) {
            registry.recordNanos(Histogram.EVENT_LATENCY, nanos);
        }
    }

    private HistogramSummary recent() {
        return registry.snapshot().recentHistogram(Histogram.EVENT_LATENCY);
    }
}

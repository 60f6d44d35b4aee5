package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final MetricsRegistry registry = new MetricsRegistry(clock);

    @Test
    void countsEveryCounterSeparately() {
        registry.increment(Counter.WARM_RESTART);
        registry.add(Counter.NETLINK_RECEIVED, 41);
        registry.increment(Counter.NETLINK_RECEIVED);
        registry.add(Counter.STATE_DB_WRITES, 0);

        MetricsSnapshot snapshot = registry.snapshot();

        assertThat(snapshot.counter(Counter.WARM_RESTART)).isEqualTo(1);
        assertThat(snapshot.counter(Counter.NETLINK_RECEIVED)).isEqualTo(42);
        assertThat(snapshot.counter(Counter.STATE_DB_WRITES)).isZero();
        assertThat(snapshot.counters()).hasSize(Counter.values().length);
    }

    @Test
    void countersNeverGoDown() {
        assertThatThrownBy(() -> registry.add(Counter.REDIS_ERRORS, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REDIS_ERRORS");
        assertThat(registry.snapshot().counter(Counter.REDIS_ERRORS)).isZero();
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws InterruptedException {
        int threads = 4;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    registry.increment(Counter.NETLINK_ACCEPTED);
                    registry.recordNanos(Histogram.EVENT_LATENCY, 1_000 + i % 1_000);
                }
            }, "metrics-test-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }

        MetricsSnapshot snapshot = registry.snapshot();
        assertThat(snapshot.counter(Counter.NETLINK_ACCEPTED)).isEqualTo((long) threads * perThread);
        assertThat(snapshot.histogram(Histogram.EVENT_LATENCY).count()).isEqualTo((long) threads * perThread);
    }

    @Test
    void timestampsAreWallClockMillisAndAbsentUntilMarked() {
        assertThat(registry.snapshot().timestamp(Timestamp.LAST_WARM_RESTART)).isZero();

        registry.mark(Timestamp.LAST_WARM_RESTART);
        clock.setMillis(1_700_000_005_000L);
        registry.mark(Timestamp.LAST_EOIU_DETECTION);

        MetricsSnapshot snapshot = registry.snapshot();
        assertThat(snapshot.timestamp(Timestamp.LAST_WARM_RESTART)).isEqualTo(1_700_000_000_000L);
        assertThat(snapshot.timestamp(Timestamp.LAST_EOIU_DETECTION)).isEqualTo(1_700_000_005_000L);
        assertThat(snapshot.timestamps()).doesNotContainKey(Timestamp.LAST_STATE_RECOVERY);
    }

    @Test
    void percentilesOfAUniformDistributionAreExactToThreeDigits() {
        // 1 us .. 10,000 us in 1 us steps: the p-th percentile is p% of 10 ms
        for (long micros = 1; micros <= 10_000; micros++) {
            registry.recordNanos(Histogram.EVENT_LATENCY, micros * 1_000);
        }

        HistogramSummary summary = registry.snapshot().histogram(Histogram.EVENT_LATENCY);

        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.minNanos()).isEqualTo(1_000);
        assertThat(summary.maxNanos()).isEqualTo(10_000_000);
        assertThat(summary.meanNanos()).isCloseTo(5_000_500.0, within(0.001));
        assertThat(summary.p50Nanos()).isCloseTo(5_000_000L, within(5_000L));
        assertThat(summary.p90Nanos()).isCloseTo(9_000_000L, within(9_000L));
        assertThat(summary.p99Nanos()).isCloseTo(9_900_000L, within(9_900L));
    }

    @Test
    void aSkewedDistributionShowsItsTail() {
        // 990 fast events at 20 us, 10 slow ones at 5 ms: up to p99 the percentiles stay fast (to 0.1%)
        for (int i = 0; i < 990; i++) {
            registry.recordNanos(Histogram.EVENT_LATENCY, 20_000);
        }
        for (int i = 0; i < 10; i++) {
            registry.recordNanos(Histogram.EVENT_LATENCY, 5_000_000);
        }

        HistogramSummary summary = registry.snapshot().histogram(Histogram.EVENT_LATENCY);

        assertThat(summary.p50Nanos()).isCloseTo(20_000L, within(20L));
        assertThat(summary.p90Nanos()).isCloseTo(20_000L, within(20L));
        assertThat(summary.p99Nanos()).isCloseTo(20_000L, within(20L));
        assertThat(summary.maxNanos()).isEqualTo(5_000_000);
        assertThat(summary.meanNanos()).isCloseTo((990 * 20_000.0 + 10 * 5_000_000.0) / 1_000, within(0.001));
    }

    @Test
    void percentilesNeverLeaveTheRecordedRange() {
        registry.recordNanos(Histogram.INITIAL_SYNC_DURATION, 1_234_567_891L);

        HistogramSummary summary = registry.snapshot().histogram(Histogram.INITIAL_SYNC_DURATION);

        assertThat(summary.p50Nanos()).isEqualTo(1_234_567_891L);
        assertThat(summary.p99Nanos()).isEqualTo(1_234_567_891L);
        assertThat(summary.minNanos()).isEqualTo(1_234_567_891L);
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() {
        registry.recordNanos(Histogram.EVENT_LATENCY, -5);
        registry.recordNanos(Histogram.EVENT_LATENCY, TimeUnit.HOURS.toNanos(3));

        HistogramSummary summary = registry.snapshot().histogram(Histogram.EVENT_LATENCY);

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.minNanos()).isZero();
        assertThat(summary.maxNanos()).isEqualTo(TimeUnit.HOURS.toNanos(3));
    }

    @Test
    void emptyHistogramsReadAsZero() {
        assertThat(registry.snapshot().histogram(Histogram.EVENT_LATENCY)).isEqualTo(HistogramSummary.EMPTY);
    }

    @Test
    void resetZeroesEverything() {
        registry.add(Counter.COLD_START, 3);
        registry.mark(Timestamp.LAST_CORRUPTION_DETECTED);
        registry.recordNanos(Histogram.EVENT_LATENCY, 50_000);

        registry.reset();

        MetricsSnapshot snapshot = registry.snapshot();
        assertThat(snapshot.counters().values()).containsOnly(0L);
        assertThat(snapshot.timestamps()).isEmpty();
        assertThat(snapshot.histogram(Histogram.EVENT_LATENCY)).isEqualTo(HistogramSummary.EMPTY);

        registry.recordNanos(Histogram.EVENT_LATENCY, 7_000);
        HistogramSummary after = registry.snapshot().histogram(Histogram.EVENT_LATENCY);
        assertThat(after.count()).isEqualTo(1);
        assertThat(after.minNanos()).isEqualTo(7_000);
        assertThat(after.maxNanos()).isEqualTo(7_000);
    }

    @Test
    void exportAndMergeReproduceTheSameSummaries() {
        for (long micros = 1; micros <= 5_000; micros += 7) {
            registry.recordNanos(Histogram.EVENT_LATENCY, micros * 1_000 + 123);
        }
        registry.add(Counter.APPL_DB_WRITES, 17);
        registry.mark(Timestamp.LAST_STATE_RECOVERY);

        MetricsRegistry restored = new MetricsRegistry(clock);
        restored.merge(registry.export());

        MetricsSnapshot merged = restored.snapshot();
        MetricsSnapshot original = registry.snapshot();
        assertThat(merged.counters()).isEqualTo(original.counters());
        assertThat(merged.timestamps()).isEqualTo(original.timestamps());
        assertThat(merged.histograms()).isEqualTo(original.histograms());
        assertThat(merged.recentHistograms().values()).containsOnly(HistogramSummary.EMPTY);
    }
}

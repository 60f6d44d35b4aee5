package net.sonic.portsyncd.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;
import org.junit.jupiter.api.Test;

class MetricsSwitchTest {

    @Test
    void countsAndMarksMadeWhileNoServiceIsBoundReachTheNextOne() {
        MetricsSwitch metrics = new MetricsSwitch();
        Recording first = new Recording();
        metrics.bind(first);
        metrics.increment(Counter.WARM_RESTART);
        metrics.unbind(first);

        metrics.increment(Counter.WARM_RESTART);
        metrics.add(Counter.COLD_START, 2);
        metrics.mark(Timestamp.LAST_WARM_RESTART);
        metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, 1_000);
        Recording second = new Recording();
        metrics.bind(second);
        metrics.increment(Counter.WARM_RESTART);

        assertThat(first.counts).containsExactlyEntriesOf(Map.of(Counter.WARM_RESTART, 1L));
        assertThat(second.counts).containsEntry(Counter.WARM_RESTART, 2L).containsEntry(Counter.COLD_START, 2L)
                .hasSize(2);
        assertThat(second.marks).containsExactly(Timestamp.LAST_WARM_RESTART);
    }

    @Test
    void whatWasHandedOverIsNotHandedOverAgain() {
        MetricsSwitch metrics = new MetricsSwitch();
        metrics.increment(Counter.COLD_START);
        Recording first = new Recording();
        metrics.bind(first);
        metrics.unbind(first);
        Recording second = new Recording();
        metrics.bind(second);

        assertThat(first.counts).containsExactlyEntriesOf(Map.of(Counter.COLD_START, 1L));
        assertThat(second.counts).isEmpty();
    }

    private static final class Recording implements MetricsRecorder {
        final Map<Counter, Long> counts = new EnumMap<>(Counter.class);
        final List<Timestamp> marks = new ArrayList<>();

        @Override
        public void add(Counter counter, long delta) {
            counts.merge(counter, delta, Long::sum);
        }

        @Override
        public void recordNanos(Histogram histogram, long nanos) {
        }

        @Override
        public void mark(Timestamp timestamp) {
            marks.add(timestamp);
        }
    }
}

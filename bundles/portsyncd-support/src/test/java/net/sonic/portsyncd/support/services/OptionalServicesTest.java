package net.sonic.portsyncd.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;

class OptionalServicesTest {
    @interface Small {
        int size() default 5;
    }

    private static final ConfigSpec<Small> SPEC = ConfigSpec.of("net.sonic.portsyncd.optional-services-test",
            Small.class).key("size", Ranges.integers(1, 10)).build();

    /** Keeps the counters added, in order. */
    private static final class Counters implements MetricsRecorder {
        final List<Counter> added = new CopyOnWriteArrayList<>();

        @Override
        public void add(Counter counter, long delta) {
            added.add(counter);
        }

        @Override
        public void recordNanos(Histogram histogram, long nanos) {
        }

        @Override
        public void mark(Timestamp timestamp) {
        }
    }

    private final ConfigValidator<Small> configCheck = new ConfigValidator<>(SPEC);
    private final OptionalServices services = new OptionalServices(configCheck);

    @Test
    void whatTheClassesHoldFollowsTheBindingsAndAGreedyRebindKeepsTheNewService() {
        MetricsRecorder held = services.metrics();
        Counters first = new Counters();
        Counters second = new Counters();

        held.increment(Counter.COLD_START);
        services.bindMetrics(first);
        held.increment(Counter.WARM_RESTART);
        services.bindMetrics(second);
        services.unbindMetrics(first);
        held.increment(Counter.EOIU_DETECTED);
        services.unbindMetrics(second);
        held.increment(Counter.COLD_START);

        // a count made while nothing is bound waits for the next service
        assertThat(first.added).containsExactly(Counter.COLD_START, Counter.WARM_RESTART);
        assertThat(second.added).containsExactly(Counter.EOIU_DETECTED);
    }

    @Test
    void aRejectionFoundBeforeTheServicesIsCountedAndAlarmedWhenTheyBind() {
        Counters metrics = new Counters();
        RecordingAlarms alarms = new RecordingAlarms();
        configCheck.validate(Map.of("size", "99"));

        services.bindMetrics(metrics);
        services.bindAlarms(alarms);

        assertThat(metrics.added).containsExactly(Counter.CONFIG_REJECTED);
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();

        services.unbindAlarms(alarms);
        services.alarms().raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "after the unbinding", Map.of());
        assertThat(alarms.raises(AlarmType.REDIS_DOWN)).isEmpty();
    }
}

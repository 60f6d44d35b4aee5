package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component as SCR drives it: activate with a configuration, modify it live, deactivate. */
class MetricsComponentTest {
    @TempDir
    Path dir;

    @Test
    void activatesModifiesAndPersistsAtDeactivation() {
        MetricsComponent component = new MetricsComponent(Map.of(
                "metrics.dir", dir.resolve("a").toString(), "persist.interval.ms", "3600000"));
        component.add(Counter.COLD_START, 2);
        assertThat(component.file()).isEqualTo(dir.resolve("a/metrics.json"));

        component.modified(Map.of("metrics.dir", dir.resolve("b").toString(), "persist.interval.ms", 500L));
        component.increment(Counter.COLD_START);
        component.deactivate();

        try (MetricsService reopened = new MetricsService(Clock.systemUTC(),
                new MetricsSettings(dir.resolve("b"), Duration.ofHours(1)))) {
            assertThat(reopened.snapshot().counter(Counter.COLD_START)).isEqualTo(3);
        }
    }

    @Test
    void badValuesAreRejectedCountedHereAndReportedToTheAlarmServiceOnceBound() {
        MetricsComponent component = new MetricsComponent(Map.of("metrics.dir", dir.toString(),
                "persist.interval.ms", "60000"));
        RecordingAlarms alarms = new RecordingAlarms();
        try (LogCapture log = new LogCapture()) {
            component.modified(Map.of("metrics.dir", "relative/dir", "persist.interval.ms", "5"));

            assertThat(log.count("Configuration " + MetricsComponent.PID + ": metrics.dir = 'relative/dir' rejected"
                    + " (an absolute path is required); keeping '" + dir + "'")).isEqualTo(1);
            assertThat(log.count("persist.interval.ms = '5' rejected (an integer from 100 to 86400000 is required);"
                    + " keeping 60000")).isEqualTo(1);
        }
        try {
            assertThat(component.file()).isEqualTo(dir.resolve("metrics.json"));
            assertThat(component.snapshot().counter(Counter.CONFIG_REJECTED)).isEqualTo(2);

            component.bindAlarms(alarms);
            assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details())
                    .containsEntry(MetricsComponent.PID, "metrics.dir, persist.interval.ms");

            component.modified(Map.of("metrics.dir", dir.toString()));
            assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void theConfigurationDefaultsMatchTheDocumentedOnes() {
        MetricsComponent.Config defaults = new ConfigValidator<>(MetricsComponent.SPEC).validate(Map.of());
        assertThat(defaults.metrics_dir()).isEqualTo("/var/lib/sonic/portsyncd");
        assertThat(defaults.persist_interval_ms()).isEqualTo(10_000L);
        assertThat(MetricsComponent.PID).isEqualTo("net.sonic.portsyncd.metrics");
    }
}

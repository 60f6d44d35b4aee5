package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanInfo;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.metrics.MetricsService;
import net.sonic.portsyncd.metrics.MetricsSettings;
import net.sonic.portsyncd.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsMBeanTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private MetricsService metrics;
    private PlatformMBeans mbeans;

    @BeforeEach
    void register() throws JMException {
        metrics = new MetricsService(clock, new MetricsSettings(dir, Duration.ofHours(1)));
        mbeans = new PlatformMBeans(new MetricsMBeanComponent(metrics, metrics), Jmx.METRICS);
    }

    @AfterEach
    void unregister() throws JMException {
        mbeans.close();
        metrics.close();
    }

    @Test
    void isAnOpenMBeanWithANumericAttributePerMetric() throws JMException {
        assertThat(mbeans.server.getMBeanInfo(mbeans.name())).isInstanceOf(OpenMBeanInfo.class);

        Map<String, Object> values = OpenTypeChecks.readAllAttributes(mbeans.server, mbeans.name());

        assertThat(values.values()).allMatch(value -> value instanceof Long || value instanceof Double);
        for (Counter counter : Counter.values()) {
            assertThat(values).containsKey(counter.attributeName());
        }
        for (Timestamp timestamp : Timestamp.values()) {
            assertThat(values).containsKey(timestamp.attributeName());
        }
        for (Histogram histogram : Histogram.values()) {
            String unit = histogram.unit() == TimeUnit.MICROSECONDS ? "Micros" : "Millis";
            for (String window : new String[] {"", "Recent"}) {
                String prefix = histogram.attributePrefix() + window;
                assertThat(values).containsKey(prefix + "Count");
                for (String statistic : new String[] {"P50", "P90", "P99", "Min", "Max", "Mean"}) {
                    assertThat(values).containsKey(prefix + statistic + unit);
                }
            }
        }
        assertThat(values).as("one unit per figure").hasSize(Counter.values().length + Timestamp.values().length
                + Histogram.values().length * 2 * 7);
        assertThat(Arrays.stream(mbeans.server.getMBeanInfo(mbeans.name()).getAttributes()))
                .noneMatch(MBeanAttributeInfo::isWritable);
    }

    @Test
    void attributesShowWhatWasRecorded() throws JMException {
        metrics.add(Counter.NETLINK_OVERRUNS, 4);
        clock.setMillis(1_700_000_123_000L);
        metrics.mark(Timestamp.LAST_EOIU_DETECTION);
        for (long micros = 1; micros <= 1_000; micros++) {
            metrics.recordNanos(Histogram.EVENT_LATENCY, micros * 1_000);
        }
        metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, Duration.ofMillis(800).toNanos());
        metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, Duration.ofMillis(1_200).toNanos());

        assertThat(attribute("NetlinkOverrunCount")).isEqualTo(4L);
        assertThat(attribute("LastEoiuDetectionAtMillis")).isEqualTo(1_700_000_123_000L);
        assertThat(attribute("LastWarmRestartAtMillis")).isEqualTo(0L);
        assertThat(attribute("EventLatencyCount")).isEqualTo(1_000L);
        assertThat((Long) attribute("EventLatencyP50Micros")).isBetween(499L, 501L);
        assertThat((Long) attribute("EventLatencyP99Micros")).isBetween(989L, 991L);
        assertThat(attribute("EventLatencyMaxMicros")).isEqualTo(1_000L);
        assertThat(attribute("EventLatencyMinMicros")).isEqualTo(1L);
        assertThat(attribute("EventLatencyMeanMicros")).isEqualTo(500.5);
        assertThat(attribute("InitialSyncDurationMeanMillis")).isEqualTo(1_000.0);
        assertThat(attribute("InitialSyncDurationMaxMillis")).isEqualTo(1_200L);
        assertThat(attribute("InitialSyncDurationMinMillis")).isEqualTo(800L);
        assertThat(attribute("EventLatencyRecentCount")).isEqualTo(1_000L);
        assertThat(attribute("EventLatencyRecentMaxMicros")).isEqualTo(1_000L);
        assertThat((Long) attribute("EventLatencyRecentP99Micros")).isBetween(989L, 991L);

        AttributeList together = mbeans.server.getAttributes(mbeans.name(),
                new String[] {"NetlinkOverrunCount", "EventLatencyCount", "NoSuchAttribute"});
        assertThat(together.asList()).extracting(Attribute::getName)
                .containsExactly("NetlinkOverrunCount", "EventLatencyCount");
    }

    @Test
    void resetMetricsZeroesAndPersists() throws JMException {
        metrics.add(Counter.STATE_DB_WRITES, 10);

        mbeans.server.invoke(mbeans.name(), "resetMetrics", new Object[0], new String[0]);

        assertThat(attribute("StateDbWriteCount")).isEqualTo(0L);
        metrics.close();
        metrics = new MetricsService(clock, new MetricsSettings(dir, Duration.ofHours(1)));
        assertThat(metrics.snapshot().counter(Counter.STATE_DB_WRITES)).isZero();
    }

    @Test
    void unknownOrReadOnlyNamesAreRejectedWithJdkExceptions() {
        assertThatThrownBy(() -> attribute("NoSuchAttribute")).isInstanceOf(AttributeNotFoundException.class);
        assertThatThrownBy(() -> mbeans.server.setAttribute(mbeans.name(), new Attribute("WarmRestartCount", 5L)))
                .isInstanceOf(AttributeNotFoundException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> mbeans.server.invoke(mbeans.name(), "dropTables", new Object[0], new String[0]))
                .isInstanceOf(ReflectionException.class).hasMessageContaining("dropTables");
        assertThatThrownBy(() -> mbeans.server.invoke(mbeans.name(), "resetMetrics", new Object[] {"now"},
                new String[] {String.class.getName()})).isInstanceOf(ReflectionException.class);
    }

    private Object attribute(String name) throws JMException {
        return mbeans.server.getAttribute(mbeans.name(), name);
    }
}

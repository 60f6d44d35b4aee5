package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.metrics.MetricsService;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the collector of jmx_prometheus_javaagent with the shipped rules file against our MBeans. */
class PrometheusRulesTest {
    /** The module's tests run in bundles/portsyncd-metrics. */
    static final Path RULES = Path.of("../../karaf-assembly/src/main/resources/etc/prometheus/portsyncd-exporter.yaml");
    /** Not the lifecycle's default, so that the exported value is the one set. */
    private static final Duration EOIU_TIMEOUT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private OurMBeans ours;
    private MetricsService metrics;

    @BeforeEach
    void registerEveryMBean() throws JMException {
        FakeWarmRestartLifecycle lifecycle = new FakeWarmRestartLifecycle();
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        lifecycle.decideStart();
        lifecycle.beginInitialSync(completion -> { });
        lifecycle.setEoiuTimeout(EOIU_TIMEOUT);
        AlarmsComponent alarms = new AlarmsComponent();
        alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "STATE_DB unreachable", Map.of());
        SimpleSyncEngine engine = new SimpleSyncEngine(List.of(
                new PortView("Ethernet0", 11, true, true, 9100, 1_700_000_000_000L),
                new PortView("Ethernet4", 12, true, false, 9100, 1_700_000_000_500L),
                new PortView("Ethernet8", 13, false, false, 1500, 1_700_000_001_000L)), null);
        ours = new OurMBeans(dir, lifecycle, engine, alarms);
        metrics = ours.metrics;
    }

    @AfterEach
    void unregister() throws JMException {
        ours.close();
    }

    @Test
    void everyCounterIsExportedAsATotal() throws Exception {
        for (Counter counter : Counter.values()) {
            metrics.add(counter, 1_000 + counter.ordinal());
        }

        Exposition exposition = scrape();

        for (Counter counter : Counter.values()) {
            assertThat(exposition.countersWithValue(1_000 + counter.ordinal()))
                    .as("exported series of %s", counter).hasSize(1)
                    .allSatisfy(series -> assertThat(series).matches("portsyncd_[a-z_]+_total(\\{.*})?"));
        }
        assertThat(exposition.counterNames()).allMatch(name -> name.endsWith("_total"));
        assertThat(exposition.value("portsyncd_warm_restart_total")).isEqualTo(1_000 + Counter.WARM_RESTART.ordinal());
        assertThat(exposition.value("portsyncd_netlink_ignored_total{reason=\"old_ifindex\"}"))
                .isEqualTo(1_000 + Counter.NETLINK_IGNORED_OLD_IFINDEX.ordinal());
    }

    @Test
    void histogramsAreQuantilesInSeconds() throws Exception {
        recordLatenciesOf1To1000MicrosAndASyncOf2500Millis();

        Exposition exposition = scrape();

        assertThat(exposition.value("portsyncd_event_latency_seconds{quantile=\"0.50\"}")).isBetween(0.000499, 0.000501);
        assertThat(exposition.value("portsyncd_event_latency_seconds{quantile=\"0.99\"}")).isBetween(0.000989, 0.000991);
        assertThat(exposition.value("portsyncd_event_latency_max_seconds")).isEqualTo(0.001);
        assertThat(exposition.value("portsyncd_event_latency_samples_total")).isEqualTo(1_000);
        assertThat(exposition.value("portsyncd_initial_sync_duration_max_seconds")).isEqualTo(2.5);
        assertThat(exposition.value("portsyncd_initial_sync_duration_seconds{quantile=\"0.50\"}")).isEqualTo(2.5);
        assertThat(exposition.value("portsyncd_initial_sync_duration_samples_total")).isEqualTo(1);
    }

    @Test
    void histogramsAreExportedOverTheRecentWindowToo() throws Exception {
        recordLatenciesOf1To1000MicrosAndASyncOf2500Millis();

        Exposition exposition = scrape();

        assertThat(exposition.value("portsyncd_event_latency_recent_seconds{quantile=\"0.99\"}"))
                .isBetween(0.000989, 0.000991);
        assertThat(exposition.value("portsyncd_event_latency_recent_max_seconds")).isEqualTo(0.001);
        assertThat(exposition.value("portsyncd_event_latency_recent_mean_seconds")).isBetween(0.000500, 0.000501);
        assertThat(exposition.value("portsyncd_event_latency_recent_samples")).isEqualTo(1_000);
        assertThat(exposition.counterNames()).doesNotContain("portsyncd_event_latency_recent_samples");
        assertThat(exposition.value("portsyncd_initial_sync_duration_recent_max_seconds")).isBetween(2.49, 2.51);
        assertThat(exposition.value("portsyncd_initial_sync_duration_recent_samples")).isEqualTo(1);
    }

    @Test
    void timestampsStatesPortsAndAlarmsAreExported() throws Exception {
        metrics.mark(Timestamp.LAST_WARM_RESTART);
        long markedSeconds = metrics.snapshot().timestamp(Timestamp.LAST_WARM_RESTART) / 1_000;

        Exposition exposition = scrape();

        assertThat(exposition.value("portsyncd_last_warm_restart_timestamp_seconds")).isBetween(markedSeconds - 1.0,
                markedSeconds + 1.0);
        assertThat(exposition.value("portsyncd_last_eoiu_detection_timestamp_seconds")).isZero();
        assertThat(exposition.value("portsyncd_warm_restart_state{state=\"INITIAL_SYNC_IN_PROGRESS\"}")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_start_mode{mode=\"WARM\"}")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_eoiu_timeout_seconds")).isEqualTo(EOIU_TIMEOUT.toSeconds());
        assertThat(exposition.value("portsyncd_port_oper_up{port=\"Ethernet0\"}")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_port_oper_up{port=\"Ethernet4\"}")).isZero();
        assertThat(exposition.value("portsyncd_port_mtu_bytes{port=\"Ethernet4\"}")).isEqualTo(9100);
        assertThat(exposition.value("portsyncd_port_admin_up{port=\"Ethernet0\"}")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_port_admin_up{port=\"Ethernet8\"}")).isZero();
        assertThat(exposition.value("portsyncd_port_last_change_timestamp_seconds{port=\"Ethernet4\"}"))
                .isEqualTo(1_700_000_000.5);
        assertThat(exposition.value("portsyncd_redis_available")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_alarm_active{alarm=\"redis-down\",severity=\"CRITICAL\"}")).isEqualTo(1);
        assertThat(exposition.value("portsyncd_active_alarms")).isEqualTo(1);
    }

    private void recordLatenciesOf1To1000MicrosAndASyncOf2500Millis() {
        for (long micros = 1; micros <= 1_000; micros++) {
            metrics.recordNanos(Histogram.EVENT_LATENCY, micros * 1_000);
        }
        metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, Duration.ofMillis(2_500).toNanos());
    }

    private Exposition scrape() throws IOException, javax.management.MalformedObjectNameException {
        assertThat(RULES).as("the rules file shipped in the assembly").exists();
        PrometheusRegistry registry = new PrometheusRegistry();
        new JmxCollector(RULES.toFile()).register(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        return new Exposition(out.toString(StandardCharsets.UTF_8));
    }

    /** The text exposition: series (name with labels) to value, and the names typed as counters. */
    record Exposition(Map<String, Double> series, Set<String> counterNames) {
        Exposition(String text) {
            this(new LinkedHashMap<>(), new TreeSet<>());
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ") && line.endsWith(" counter")) {
                    counterNames.add(line.split(" ")[2]);
                } else if (line.startsWith("portsyncd_")) {
                    int space = line.lastIndexOf(' ');
                    series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        }

        double value(String name) {
            assertThat(series).as("exported series").containsKey(name);
            return series.get(name);
        }

        List<String> countersWithValue(double value) {
            return series.entrySet().stream()
                    .filter(entry -> entry.getValue() == value)
                    .map(Map.Entry::getKey)
                    .filter(name -> counterNames.contains(name.replaceAll("\\{.*", "")))
                    .toList();
        }
    }
}

package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component as SCR drives it: activate with a configuration, modify it live, deactivate. */
class MetricsComponentTest {
    @TempDir
    Path dir;

    @Test
    void activatesModifiesAndPersistsAtDeactivation() {
        MetricsComponent component = new MetricsComponent(config(Map.of(
                "metrics_dir", dir.resolve("a").toString(), "persist_interval_ms", 3_600_000L)));
        component.add(Counter.COLD_START, 2);
        assertThat(component.file()).isEqualTo(dir.resolve("a/metrics.json"));

        component.modified(config(Map.of("metrics_dir", dir.resolve("b").toString(), "persist_interval_ms", 500L)));
        component.increment(Counter.COLD_START);
        component.deactivate();

        MetricsService reopened = new MetricsService(java.time.Clock.systemUTC(),
                new MetricsSettings(dir.resolve("b"), java.time.Duration.ofHours(1)));
        try (reopened) {
            assertThat(reopened.snapshot().counter(Counter.COLD_START)).isEqualTo(3);
        }
    }

    @Test
    void theConfigurationDefaultsMatchTheDocumentedOnes() {
        MetricsComponent.Config defaults = config(Map.of());
        assertThat(defaults.metrics_dir()).isEqualTo("/var/lib/sonic/portsyncd");
        assertThat(defaults.persist_interval_ms()).isEqualTo(10_000L);
        assertThat(MetricsComponent.PID).isEqualTo("net.sonic.portsyncd.metrics");
    }

    /** What SCR hands the component: the annotation backed by configuration values, defaults otherwise. */
    private static MetricsComponent.Config config(Map<String, Object> values) {
        return (MetricsComponent.Config) Proxy.newProxyInstance(MetricsComponent.Config.class.getClassLoader(),
                new Class<?>[] {MetricsComponent.Config.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }
}

package net.sonic.portsyncd.metrics.jmx;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.metrics.MetricsService;
import net.sonic.portsyncd.metrics.MetricsSettings;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;

/**
 * Every portsyncd MBean on the platform server, as a container has them: Metrics over a real metrics service (its
 * file in {@code dir}), WarmRestart over {@code lifecycle} and a real state file store, Ports over {@code engine},
 * and {@code alarms}.
 */
final class OurMBeans implements AutoCloseable {
    final MetricsService metrics;
    /** In the order Metrics, WarmRestart, Ports, Alarms. */
    final List<PlatformMBeans> registered = new ArrayList<>();
    private final StateFileStore store;

    OurMBeans(Path dir, WarmRestartLifecycle lifecycle, PortSyncService engine, AlarmsComponent alarms)
            throws JMException {
        metrics = new MetricsService(Clock.systemUTC(), new MetricsSettings(dir, Duration.ofHours(1)));
        store = new StateFileStore(dir.resolve("state"), StoreSettings.defaults(), MetricsRecorder.NONE,
                Clock.systemUTC());
        registered.add(new PlatformMBeans(new MetricsMBeanComponent(metrics, metrics), Jmx.METRICS));
        registered.add(new PlatformMBeans(new WarmRestartMBeanComponent(lifecycle, store), Jmx.WARM_RESTART));
        registered.add(new PlatformMBeans(new PortsMBeanComponent(engine), Jmx.PORTS));
        registered.add(new PlatformMBeans(alarms, Jmx.ALARMS));
    }

    @Override
    public void close() throws JMException {
        for (PlatformMBeans mbeans : registered) {
            mbeans.close();
        }
        store.close();
        metrics.close();
    }
}

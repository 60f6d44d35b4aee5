package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.netlink.CaptureSettings;
import net.sonic.portsyncd.netlink.NetlinkCapture;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import net.sonic.portsyncd.warmrestart.WarmRestartManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component activated the way SCR activates it, with what a .cfg file with typos hands it. */
class LinkSyncComponentTest extends EngineTestBase {
    private static final Map<String, Object> TYPOS = Map.of("queue.capacity", "abc", "max.batch.events", "",
            "retry.max.ms", "1e99", "dump.wait.ms", new String[] {"100"}, "max.config.row.chars", "-1");

    private final CountingMetrics metrics = new CountingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    private WarmRestartManager lifecycle;
    private NetlinkCapture capture;
    private LinkSyncComponent component;

    @AfterEach
    void stopComponent() {
        deactivate();
        if (capture != null) {
            capture.close();
        }
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    @Test
    void typosInTheConfigurationAreRejectedAndTheEngineStillSyncs() {
        configurePorts("Ethernet0");
        startOrchagent(OrchagentStandIn.HostInterfaces.TAP);
        lifecycle = WarmRestartManager.create(client, null, Duration.ofSeconds(10), metrics);
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), 1 << 20), listeners, metrics, alarms);

        try (LogCapture log = new LogCapture()) {
            activate(TYPOS);
            assertThat(log.count("Configuration " + LinkSyncComponent.PID + ": ")).isEqualTo(TYPOS.size());
            assertThat(log.count("queue.capacity = 'abc' rejected (an integer from 1 to 1048576 is required)"))
                    .isEqualTo(1);
        }

        await(() -> "ok".equals(stateRow("Ethernet0").get("state")), "Ethernet0 in STATE_DB");
        ns.up("Ethernet0");
        await(() -> "up".equals(stateRow("Ethernet0").get("admin_status")), "Ethernet0 admin up in STATE_DB");
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
        assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details()).containsEntry(LinkSyncComponent.PID,
                "queue.capacity, max.batch.events, retry.max.ms, dump.wait.ms, max.config.row.chars");
        assertThat(metrics.get(Counter.CONFIG_REJECTED)).isEqualTo(TYPOS.size());

        // Config Admin re-creates the component for a corrected file
        deactivate();
        activate(Map.of("queue.capacity", "4096"));
        await(() -> component.status().running(), "the engine restarted on the corrected configuration");
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
        assertThat(metrics.get(Counter.CONFIG_REJECTED)).isEqualTo(TYPOS.size());
    }

    @Test
    void theSettingsAreThoseOfTheConfigurationWithEveryRejectedValueReplaced() {
        SyncSettings settings = LinkSyncComponent.settingsOf(new ConfigValidator<>(LinkSyncComponent.SPEC).validate(Map.of(
                "queue.capacity", "100", "max.batch.events", "512", "retry.initial.ms", "10", "retry.max.ms", "400",
                "dump.wait.ms", "3000", "max.config.row.chars", "4096")));
        assertThat(settings).isEqualTo(new SyncSettings(100, 512, Duration.ofMillis(10), Duration.ofMillis(400),
                Duration.ofSeconds(3), 4_096));

        SyncSettings kept = LinkSyncComponent.settingsOf(new ConfigValidator<>(LinkSyncComponent.SPEC).validate(Map.of(
                "queue.capacity", "-1", "retry.initial.ms", "500", "retry.max.ms", "10")));
        assertThat(kept).isEqualTo(new SyncSettings(100, 2_048, Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofSeconds(10), 1 << 20));
    }

    private void activate(Map<String, Object> properties) {
        component = new LinkSyncComponent(client, capture, lifecycle, properties);
        component.bindMetrics(metrics);
        component.bindAlarms(alarms);
        component.activate(bundleContext());
    }

    private void deactivate() {
        if (component != null) {
            component.deactivate();
            component.unbindAlarms(alarms);
            component.unbindMetrics(metrics);
            component = null;
        }
    }

    /** The system bundle of a framework that is not stopping. */
    private Bundle runningFramework() {
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getState")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return Bundle.ACTIVE;
                });
    }

    /** Adds the listener the component registers to the capture's listeners, as the whiteboard would. */
    private BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return runningFramework();
                    }
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    LinkListener listener = (LinkListener) args[1];
                    listeners.add(listener);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (registration, call, none) -> {
                                listeners.remove(listener);
                                return null;
                            });
                });
    }
}

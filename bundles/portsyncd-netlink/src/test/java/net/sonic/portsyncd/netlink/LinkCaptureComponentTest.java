package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DS component driven the way SCR drives it: bind, activate, modify, unbind, deactivate. */
class LinkCaptureComponentTest {
    private NetNs first;
    private NetNs second;
    private final LinkCaptureComponent component = new LinkCaptureComponent();

    @BeforeEach
    void createNamespaces() {
        first = NetNs.create("nlcmpa");
        first.addTap("Ethernet0");
        second = NetNs.create("nlcmpb");
        second.addTap("Ethernet64");
    }

    @AfterEach
    void cleanUp() {
        component.deactivate();
        first.close();
        second.close();
    }

    /** What Config Admin hands the component for a .cfg file with these values. */
    private static Map<String, Object> config(String netns, Object receiveBufferBytes) {
        return Map.of("netns", netns, "receive.buffer.bytes", String.valueOf(receiveBufferBytes));
    }

    private static void awaitDumps(RecordingListener listener, int count) {
        Poll.until(RecordingListener.TIMEOUT, () -> listener.dumps.size() >= count, "dump completion #" + count);
    }

    @Test
    void boundListenersGetTheInitialDumpLateOnesLiveEventsAndUnboundOnesNothing() {
        RecordingListener early = new RecordingListener();
        component.addListener(early);
        component.activate(config(first.name(), 1 << 20));
        awaitDumps(early, 1);
        assertThat(early.dumps.get(0).links()).extracting(LinkEvent::name).containsExactlyInAnyOrder("lo", "Ethernet0");

        RecordingListener late = new RecordingListener();
        component.addListener(late);
        first.addTap("Ethernet4");
        late.await(0, "Ethernet4 created", e -> e.name().equals("Ethernet4"));
        early.await(0, "Ethernet4 created", e -> e.name().equals("Ethernet4"));
        assertThat(late.dumps).isEmpty();

        component.removeListener(early);
        int mark = late.mark();
        int earlyCount = early.events.size();
        first.addTap("Ethernet8");
        late.await(mark, "Ethernet8 created", e -> e.name().equals("Ethernet8"));
        assertThat(early.events).hasSize(earlyCount);
    }

    @Test
    void metricsFollowTheBoundRecorder() {
        CountingMetrics before = new CountingMetrics();
        CountingMetrics after = new CountingMetrics();
        RecordingListener listener = new RecordingListener();
        component.addListener(listener);
        component.bindMetrics(before);
        component.activate(config(first.name(), 1 << 20));
        awaitDumps(listener, 1);
        assertThat(before.get(Counter.NETLINK_RECEIVED)).isEqualTo(2);

        component.unbindMetrics(before);
        component.bindMetrics(after);
        int mark = listener.mark();
        first.addTap("Ethernet4");
        listener.await(mark, "Ethernet4 created", e -> e.name().equals("Ethernet4"));

        assertThat(before.get(Counter.NETLINK_RECEIVED)).isEqualTo(2);
        assertThat(after.get(Counter.NETLINK_RECEIVED)).isPositive();
    }

    @Test
    void anOverrunRaisesTheAlarmOfTheBoundServiceAndItsResyncClearsIt() {
        RecordingAlarms unbound = new RecordingAlarms();
        RecordingAlarms alarms = new RecordingAlarms();
        RecordingListener listener = new RecordingListener();
        component.addListener(listener);
        component.bindAlarms(unbound);
        component.activate(config(first.name(), 4096));
        awaitDumps(listener, 1);
        component.bindAlarms(alarms);
        component.unbindAlarms(unbound);

        List<String> create = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            create.add("tuntap add dev Ethernet" + (i * 4) + " mode tap");
        }
        first.batch(create);
        // A burst overflows a 4 KiB socket only when the capture thread falls behind; repeat it until it has.
        for (int round = 1; round <= 40 && component.statistics().overruns() == 0; round++) {
            List<String> burst = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                burst.add("link set dev Ethernet" + (i * 4) + " mtu " + (1500 + round));
            }
            first.batch(burst);
        }
        Poll.until(RecordingListener.TIMEOUT, () -> component.statistics().overruns() > 0,
                () -> "no overrun after the bursts: " + component.statistics());

        Poll.until(RecordingListener.TIMEOUT, () -> !alarms.raises(AlarmType.NETLINK_OVERRUN).isEmpty()
                && !alarms.active(AlarmType.NETLINK_OVERRUN),
                () -> "NETLINK_OVERRUN raised and cleared; alarms " + alarms.calls + ", " + component.statistics());
        assertThat(unbound.calls).isEmpty();
        assertThat(component.statistics().resyncs()).isPositive();
    }

    @Test
    void aConfigurationChangeReopensTheCaptureAndAnUnchangedOneDoesNot() throws Exception {
        RecordingListener listener = new RecordingListener();
        component.addListener(listener);
        component.activate(config(first.name(), 1 << 20));
        awaitDumps(listener, 1);

        component.modified(config(first.name(), 1 << 20));
        assertThat(component.statistics().dumps()).isEqualTo(1);

        component.modified(config(second.name(), 1 << 20));
        awaitDumps(listener, 2);

        assertThat(component.namespace()).isEqualTo(second.name());
        assertThat(listener.dumps.get(1).links()).extracting(LinkEvent::name)
                .containsExactlyInAnyOrder("lo", "Ethernet64");
        assertThat(component.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS).links())
                .extracting(LinkEvent::name).contains("Ethernet64");
    }

    @Test
    void invalidValuesAreRejectedAndKeepTheRunningCapture() throws Exception {
        RecordingListener listener = new RecordingListener();
        RecordingAlarms alarms = new RecordingAlarms();
        component.addListener(listener);
        component.bindAlarms(alarms);
        component.activate(config(first.name(), 1 << 20));
        awaitDumps(listener, 1);

        try (LogCapture log = new LogCapture()) {
            component.modified(config("../../etc", "-5"));
            component.modified(config(" " + first.name() + "\n", "lots"));
            assertThat(log.count("Configuration " + LinkCaptureComponent.PID + ": netns = '../../etc' rejected"))
                    .isEqualTo(1);
            assertThat(log.count("receive.buffer.bytes = 'lots' rejected (an integer from 1 to 1073741824 is"
                    + " required); keeping 1048576")).isEqualTo(1);
        }

        assertThat(component.statistics().dumps()).isEqualTo(1);
        assertThat(component.namespace()).isEqualTo(first.name());
        assertThat(component.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS).links()).isNotEmpty();
        assertThat(alarms.raises(AlarmType.CONFIG_REJECTED)).last().extracting(RecordingAlarms.Call::details)
                .isEqualTo(Map.of(LinkCaptureComponent.PID, "receive.buffer.bytes"));

        component.modified(config(first.name(), 1 << 20));
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
    }

    @Test
    void aBadValueAtActivationStillStartsTheCapture() {
        RecordingListener listener = new RecordingListener();
        RecordingAlarms alarms = new RecordingAlarms();
        component.addListener(listener);
        component.bindAlarms(alarms);

        component.activate(Map.of("netns", first.name(), "receive.buffer.bytes", new int[] {4096}));

        awaitDumps(listener, 1);
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
    }

    @Test
    void aNamespaceMissingAtActivationStillActivatesRaisesTheAlarmAndIsAttachedWhenItAppears() throws Exception {
        RecordingAlarms alarms = new RecordingAlarms();
        CountingMetrics metrics = new CountingMetrics();
        RecordingListener listener = new RecordingListener();
        first.deleteNamespace();
        component.addListener(listener);
        component.bindAlarms(alarms);
        component.bindMetrics(metrics);

        component.activate(config(first.name(), 1 << 20));

        assertThat(component.namespace()).isEqualTo(first.name());
        assertThat(component.attached()).isFalse();
        assertThat(alarms.active(AlarmType.NETNS_UNAVAILABLE)).isTrue();
        assertThat(alarms.raises(AlarmType.NETNS_UNAVAILABLE)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
            assertThat(raise.text()).isEqualTo("network namespace '" + first.name() + "' does not exist");
        });
        assertThat(component.requestDump().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> component.setAdminDown(1)).isInstanceOf(LinkControlException.class)
                .hasMessageContaining("does not exist");

        try (NetNs staged = NetNs.create("nlcmpc")) {
            staged.addTap("Ethernet0");
            first.bindFrom(staged);
        }

        awaitDumps(listener, 1);
        Poll.until(RecordingListener.TIMEOUT, () -> !alarms.active(AlarmType.NETNS_UNAVAILABLE),
                () -> "NETNS_UNAVAILABLE cleared; alarms " + alarms.calls);
        assertThat(component.attached()).isTrue();
        assertThat(listener.dumps.get(0).links()).extracting(LinkEvent::name)
                .containsExactlyInAnyOrder("lo", "Ethernet0");
        assertThat(listener.resyncs).singleElement().satisfies(view -> assertThat(view).extracting(LinkEvent::name)
                .containsExactlyInAnyOrder("lo", "Ethernet0"));
        assertThat(metrics.get(Counter.NETNS_REATTACHES)).isZero();
        assertThat(component.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS).links())
                .extracting(LinkEvent::name).contains("Ethernet0");
    }

    @Test
    void aChangeToAnAbsentNamespaceLeavesADetachedCaptureWhoseCallsFailClearly() {
        component.activate(config(first.name(), 1 << 20));
        String absent = "absent-" + ProcessHandle.current().pid();

        component.modified(config(absent, 1 << 20));

        assertThat(component.namespace()).isEqualTo(absent);
        assertThat(component.attached()).isFalse();
        assertThat(component.requestDump().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> component.setAdminDown(1)).isInstanceOf(LinkControlException.class)
                .hasMessageContaining(absent).hasMessageContaining("does not exist");
        assertThat(component.statistics().dumps()).isZero();

        component.deactivate();
        assertThat(component.attached()).isFalse();
    }
}

package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forces lost messages, in the kernel (tiny receive buffer) and in the capture (tiny delivery queue behind a slow
 * listener), and checks that the resync leaves the listener with exactly the kernel's view, and that the
 * NETLINK_OVERRUN alarm was raised for every overrun and cleared by the resync.
 */
class OverrunResyncTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private NetNs ns;
    private NetlinkCapture capture;
    private final CountingMetrics metrics = new CountingMetrics();
    private final RecordingAlarms alarms = new RecordingAlarms();

    @BeforeEach
    void createNamespace() {
        ns = NetNs.create("nlovr");
        ns.addBridge("Bridge");
    }

    @AfterEach
    void cleanUp() {
        if (capture != null) {
            capture.close();
        }
        ns.close();
    }

    /** Creates 200 taps, enslaves some, changes every MTU ten times, brings half up and deletes a third. */
    private void burst() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("tuntap add dev Ethernet" + (i * 4) + " mode tap");
        }
        for (int i = 0; i < 200; i += 5) {
            lines.add("link set dev Ethernet" + (i * 4) + " master Bridge");
        }
        for (int round = 1; round <= 10; round++) {
            for (int i = 0; i < 200; i++) {
                lines.add("link set dev Ethernet" + (i * 4) + " mtu " + (1500 + round * 10 + i % 7));
            }
        }
        for (int i = 0; i < 200; i += 2) {
            lines.add("link set dev Ethernet" + (i * 4) + " up");
        }
        for (int i = 0; i < 200; i += 3) {
            lines.add("link del dev Ethernet" + (i * 4));
        }
        ns.batch(lines);
    }

    private void assertViewConverges(KernelViewListener listener) {
        Poll.until(SETTLE, () -> listener.resyncs.get() > 0
                && listener.view().equals(IpLinks.parse(ns.linksJson())),
                () -> "listener view never matched ip -j link show; resyncs " + listener.resyncs.get()
                        + ", statistics " + capture.statistics() + "\nview:   " + listener.view()
                        + "\nkernel: " + IpLinks.parse(ns.linksJson()));
        CaptureStatistics statistics = capture.statistics();
        assertThat(statistics.overruns()).isPositive();
        assertThat(statistics.resyncs()).isPositive();
        assertThat(metrics.get(Counter.NETLINK_OVERRUNS)).isEqualTo(statistics.overruns());
        assertThat(metrics.get(Counter.NETLINK_RESYNCS)).isEqualTo(statistics.resyncs());
        assertThat(IpLinks.parse(ns.linksJson())).hasSizeGreaterThan(130);
    }

    private void assertOverrunAlarmRaisedAndCleared(String cause) {
        Poll.until(SETTLE, () -> !alarms.active(AlarmType.NETLINK_OVERRUN),
                () -> "NETLINK_OVERRUN never cleared: " + alarms.calls + ", statistics " + capture.statistics());
        List<RecordingAlarms.Call> raises = alarms.raises(AlarmType.NETLINK_OVERRUN);
        assertThat(raises).hasSize((int) capture.statistics().overruns());
        RecordingAlarms.Call first = raises.get(0);
        assertThat(first.severity()).isEqualTo(AlarmSeverity.WARNING);
        assertThat(first.details()).containsEntry("namespace", ns.name()).containsEntry("overruns", "1")
                .containsEntry("cause", cause);
        assertThat(raises).allSatisfy(raise -> assertThat(raise.severity()).isIn(AlarmSeverity.WARNING,
                AlarmSeverity.MAJOR));
        assertThat(alarms.calls.get(alarms.calls.size() - 1).text()).startsWith("resynchronised with the kernel");
    }

    @Test
    void aKernelOverrunEndsWithAResyncToTheKernelView() throws Exception {
        KernelViewListener listener = new KernelViewListener(TimeUnit.MICROSECONDS.toNanos(500));
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), 4096), List.of(listener), metrics, alarms);
        capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS);

        burst();

        assertViewConverges(listener);
        assertOverrunAlarmRaisedAndCleared(OverrunCause.KERNEL_ENOBUFS.id());
    }

    @Test
    void aFullDeliveryQueueIsHandledLikeAnOverrun() throws Exception {
        KernelViewListener listener = new KernelViewListener(TimeUnit.MILLISECONDS.toNanos(2));
        capture = NetlinkCapture.start(new CaptureSettings(ns.name(), CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES, 8),
                List.of(listener), metrics, alarms);
        capture.requestDump().toCompletableFuture().get(10, TimeUnit.SECONDS);

        burst();

        assertViewConverges(listener);
        assertOverrunAlarmRaisedAndCleared(OverrunCause.DELIVERY_QUEUE_FULL.id());
    }
}

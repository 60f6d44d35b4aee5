package net.sonic.portsyncd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;

/** Which resync may clear the alarm, given the orders in which the capture and delivery threads report. */
class OverrunAlarmTest {
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final OverrunAlarm alarm = new OverrunAlarm(alarms, "asic0");

    @Test
    void onlyAResyncSentAfterTheLatestOverrunClears() {
        alarm.overrun(OverrunCause.KERNEL_ENOBUFS);
        alarm.resyncSent(10);
        alarm.overrun(OverrunCause.DELIVERY_QUEUE_FULL);
        alarm.resyncDelivered(10, 5);
        assertThat(alarms.active(AlarmType.NETLINK_OVERRUN)).isTrue();

        alarm.resyncSent(11);
        alarm.resyncDelivered(11, 5);

        assertThat(alarms.active(AlarmType.NETLINK_OVERRUN)).isFalse();
        assertThat(alarms.raises(AlarmType.NETLINK_OVERRUN)).extracting(RecordingAlarms.Call::severity)
                .containsExactly(AlarmSeverity.WARNING, AlarmSeverity.MAJOR);
        assertThat(alarms.raises(AlarmType.NETLINK_OVERRUN).get(1).details())
                .containsEntry("namespace", "asic0").containsEntry("cause", "delivery-queue-full")
                .containsEntry("overruns", "2").containsEntry("unresolvedOverruns", "2");
    }

    @Test
    void aResyncWithoutOverrunAndAStoppedCaptureWithoutAlarmClearNothing() {
        alarm.resyncSent(3);
        alarm.resyncDelivered(3, 1);
        alarm.captureClosed();

        assertThat(alarms.calls).isEmpty();
    }

    @Test
    void aStoppedCaptureClearsItsAlarmAndTheNextOverrunStartsAtWarning() {
        alarm.overrun(OverrunCause.KERNEL_ENOBUFS);
        alarm.captureClosed();
        alarm.overrun(OverrunCause.KERNEL_ENOBUFS);

        assertThat(alarms.calls).extracting(RecordingAlarms.Call::raise).containsExactly(true, false, true);
        assertThat(alarms.raises(AlarmType.NETLINK_OVERRUN)).extracting(RecordingAlarms.Call::severity)
                .containsExactly(AlarmSeverity.WARNING, AlarmSeverity.WARNING);
        assertThat(alarms.raises(AlarmType.NETLINK_OVERRUN).get(1).details()).containsEntry("overruns", "2")
                .containsEntry("unresolvedOverruns", "1");
    }
}

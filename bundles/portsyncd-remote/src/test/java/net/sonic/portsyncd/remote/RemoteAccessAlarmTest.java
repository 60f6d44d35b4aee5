package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;

import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;

class RemoteAccessAlarmTest {
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final RemoteAccessAlarm alarm = new RemoteAccessAlarm();

    @Test
    void aClosedRemoteAccessIsMajorOncePerCauseAndToldToAServiceBoundLater() {
        alarm.closed("the keystore /x.p12 is missing");
        alarm.bind(alarms);
        alarm.closed("the keystore /x.p12 is missing");

        assertThat(alarms.raises(AlarmType.REMOTE_ACCESS_FAILED)).singleElement().satisfies(raise -> {
            assertThat(raise.severity()).isEqualTo(AlarmSeverity.MAJOR);
            assertThat(raise.text()).isEqualTo("Remote access is closed: the keystore /x.p12 is missing");
            assertThat(raise.details()).containsEntry("cause", "the keystore /x.p12 is missing");
        });
    }

    @Test
    void aRefusedRotationIsMinorAndServingAgainClears() {
        alarm.bind(alarms);
        alarm.keptPrevious("the certificate of server in /x.p12 expired on 2020-01-01T00:00:00Z; install a new one");

        assertThat(alarms.raises(AlarmType.REMOTE_ACCESS_FAILED).get(0).severity()).isEqualTo(AlarmSeverity.MINOR);
        alarm.clear("the new certificate and CAs are served");
        assertThat(alarms.active(AlarmType.REMOTE_ACCESS_FAILED)).isFalse();
    }
}

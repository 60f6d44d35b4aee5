package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appender component activated with what a .cfg file with typos hands it. */
class SyslogComponentTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void typosAreRejectedAndLinesStillReachTheLastGoodSocket() throws Exception {
        Path socket = dir.resolve("log");
        new SyslogComponent(Map.of("socket.path", socket.toString(), "facility", "daemon")).close();
        RecordingAlarms alarms = new RecordingAlarms();
        try (DatagramReceiver receiver = DatagramReceiver.bind(socket)) {
            SyslogComponent component = new SyslogComponent(Map.of("enabled", "ture", "socket.path", "dev/log",
                    "facility", "kern", "queue.capacity", "-1", "retry.interval.ms", "soon"));
            component.bindAlarms(alarms);
            try {
                component.doAppend(PortsyncdLogEventsTest.event("net.sonic.portsyncd.core.LinkSync", 6,
                        "Ethernet0 oper up", null));

                // daemon (3) * 8 + informational (6)
                assertThat(receiver.receive(WAIT)).hasValueSatisfying(line -> assertThat(line).startsWith("<30>")
                        .endsWith("LinkSync: Ethernet0 oper up"));
                assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details()).containsEntry(
                        SyslogComponent.PID, "enabled, socket.path, facility, queue.capacity, retry.interval.ms");
            } finally {
                component.close();
            }
        }
    }
}

package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.testkit.RecordingAlarms;

/**
 * The process {@link PermissionDeniedTest} runs without the capabilities that let root ignore file permissions:
 * loads the state directory, then tries to save, and prints what happened, one fact per line (for a failed save also
 * the alarm raised and the failures counted).
 */
public final class LoadProbe {
    private LoadProbe() {
    }

    public static void main(String[] args) {
        RecordingMetrics metrics = new RecordingMetrics();
        RecordingAlarms alarms = new RecordingAlarms();
        try (StateFileStore store = new StateFileStore(Path.of(args[0]), StoreSettings.defaults(), metrics, alarms,
                Clock.systemUTC())) {
            LoadOutcome outcome = store.load();
            System.out.println("source " + outcome.source());
            outcome.rejections().forEach(rejection -> System.out.println("rejection " + rejection));
            try {
                store.save(Snapshots.ports(2, 9));
                System.out.println("save ok");
            } catch (IOException e) {
                System.out.println("save failed " + e);
                alarms.raises(AlarmType.STATE_SAVE_FAILED).forEach(raise -> System.out.println("alarm "
                        + raise.severity() + " " + raise.details().get("cause")));
                System.out.println("save failures " + metrics.count(Counter.STATE_SAVE_FAILURES));
            }
        }
    }
}

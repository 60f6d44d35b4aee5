package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.LoadOutcome;

/**
 * The process {@link PermissionDeniedTest} runs without the capabilities that let root ignore file permissions:
 * loads the state directory, then tries to save, and prints what happened, one fact per line.
 */
public final class LoadProbe {
    private LoadProbe() {
    }

    public static void main(String[] args) {
        try (StateFileStore store = new StateFileStore(Path.of(args[0]), StoreSettings.defaults(), MetricsRecorder.NONE,
                Clock.systemUTC())) {
            LoadOutcome outcome = store.load();
            System.out.println("source " + outcome.source());
            outcome.rejections().forEach(rejection -> System.out.println("rejection " + rejection));
            try {
                store.save(Snapshots.ports(2, 9));
                System.out.println("save ok");
            } catch (IOException e) {
                System.out.println("save failed " + e);
            }
        }
    }
}

package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.PortStateSnapshot;

/**
 * The process {@link CrashDuringSaveTest} kills: saves (with a backup before every replace) as fast as it can
 * until it dies. It says "saving" once the first save is done, so every kill lands in the loop. With a second
 * argument {@value #ONCE} it exits after that first save (the warm-up run that records the class archive).
 */
public final class SaveLoop {
    static final String READY = "saving";
    static final String ONCE = "--once";

    private SaveLoop() {
    }

    public static void main(String[] args) throws IOException {
        StoreSettings settings = StoreSettings.defaults().withRotationIntervalMillis(0).withBackupRetention(3);
        // sizes differ so a kill can cut a file short at very different offsets
        PortStateSnapshot[] snapshots = {Snapshots.ports(1, 1), Snapshots.ports(64, 2), Snapshots.ports(512, 3)};
        try (StateFileStore store = new StateFileStore(Path.of(args[0]), settings, MetricsRecorder.NONE,
                Clock.systemUTC())) {
            store.save(snapshots[0]);
            System.out.println(READY);
            System.out.flush();
            if (args.length > 1 && args[1].equals(ONCE)) {
                return;
            }
            for (int i = 1; ; i++) {
                store.save(snapshots[i % snapshots.length]);
            }
        }
    }
}

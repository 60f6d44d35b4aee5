package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootIdTest {
    @TempDir
    Path directory;

    @Test
    void bootIdIsTheRunningKernelsAndFitsTheFile() throws IOException {
        try (StateFileStore store = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.systemUTC())) {
            String bootId = store.currentBootId();

            assertThat(bootId).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim())
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            store.save(new net.sonic.portsyncd.api.state.PortStateSnapshot(1, bootId, true, true,
                    Snapshots.ports(1, 1).ports()));
            assertThat(store.load().snapshot().orElseThrow().bootId()).isEqualTo(bootId);
        }
    }
}

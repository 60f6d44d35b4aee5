package net.sonic.portsyncd.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import org.junit.jupiter.api.Test;

class FakeStateStoreFastTest {
    private final FakeStateStore store = new FakeStateStore("boot-1");

    private static PortStateSnapshot snapshot(long at, boolean clean) {
        return new PortStateSnapshot(at, "boot-1", clean, true,
                Map.of("Ethernet0", new PortRecord("Ethernet0", 7, true, true, 0x11043, 9100)));
    }

    @Test
    void loadFindsWhatWasSeededOrSavedLast() throws IOException {
        assertThat(store.load().snapshot()).isEmpty();
        assertThat(store.load().source()).isEqualTo("none");
        store.seed(snapshot(1, true));
        assertThat(store.load().snapshot()).contains(snapshot(1, true));
        store.save(snapshot(2, false));
        store.saveCoalesced(() -> snapshot(3, false));
        assertThat(store.load().snapshot()).contains(snapshot(3, false));
        assertThat(store.load().source()).isEqualTo("live");
        assertThat(store.saves()).containsExactly(snapshot(2, false), snapshot(3, false));
    }

    @Test
    void failingSavesThrowWhenAskedForNowAndAreOnlyCountedWhenCoalesced() {
        store.failSaves(new IOException("disk full"));
        assertThatThrownBy(() -> store.save(snapshot(1, true))).hasMessage("disk full");
        store.saveCoalesced(() -> snapshot(2, true));
        assertThat(store.failedSaves()).isEqualTo(2);
        assertThat(store.live()).isEmpty();
    }

    @Test
    void rotationsAreListedNewestFirstAndCleanupKeepsTheNewest() throws IOException {
        assertThat(store.rotate()).isEmpty();
        store.save(snapshot(1, true));
        String first = store.rotate().orElseThrow().fileName();
        String second = store.rotate().orElseThrow().fileName();
        assertThat(store.listBackups()).extracting(b -> b.fileName()).containsExactly(second, first);
        assertThat(store.cleanupBackups(1)).isEqualTo(1);
        assertThat(store.listBackups()).extracting(b -> b.fileName()).containsExactly(second);
        assertThat(store.currentBootId()).isEqualTo("boot-1");
    }

    @Test
    void seededBackupsAreStaleOnlyOnceSaidAndEveryMaintenanceCallIsRecorded() throws IOException {
        store.seedBackup(new BackupFile("old", 1_000, 10));
        store.seedBackup(new BackupFile("new", 2_000, 10));
        assertThat(store.listBackups()).extracting(BackupFile::fileName).containsExactly("new", "old");
        assertThat(store.cleanupStaleFiles()).isZero();

        store.staleBefore(2_000);
        assertThat(store.cleanupStaleFiles()).isEqualTo(1);
        assertThat(store.listBackups()).extracting(BackupFile::fileName).containsExactly("new");

        store.failRotations(new IOException("read-only file system"));
        store.seed(snapshot(3, true));
        assertThatThrownBy(store::rotate).hasMessage("read-only file system");
        assertThat(store.listBackups()).hasSize(1);
        store.failRotations(null);
        assertThat(store.rotate()).isPresent();
        store.cleanupBackups(5);

        assertThat(store.maintenanceCalls()).containsExactly("cleanupStaleFiles", "cleanupStaleFiles", "rotate",
                "rotate", "cleanupBackups(5)");
    }
}

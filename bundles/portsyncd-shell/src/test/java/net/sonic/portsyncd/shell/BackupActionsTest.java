package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.testkit.fake.FakeStateStore;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupActionsTest {
    private final FakeStateStore store = new FakeStateStore("00000000-0000-0000-0000-000000000000");
    private final BackupActions actions = new BackupActions(store);

    @BeforeEach
    void fiveBackups() {
        for (int i = 1; i <= 5; i++) {
            store.seedBackup(new BackupFile("port_state.json.bak." + i, 1_000L * i, 512));
        }
    }

    @Test
    void noOptionsDoesNothing() throws Exception {
        assertThat(actions.perform(null, false)).isEmpty();
        assertThat(store.maintenanceCalls()).isEmpty();
    }

    @Test
    void cleanupKeepsTheNewest() throws Exception {
        assertThat(actions.perform("2", false)).containsExactly("Removed 3 backup(s), keeping the newest 2");
        assertThat(store.listBackups()).extracting(b -> b.fileName())
                .containsExactly("port_state.json.bak.5", "port_state.json.bak.4");
    }

    @Test
    void staleRunsBeforeTheCountLimit() throws Exception {
        store.staleBefore(2_000);

        assertThat(actions.perform("3", true))
                .containsExactly("Removed 1 stale backup(s)", "Removed 1 backup(s), keeping the newest 3");
        assertThat(store.maintenanceCalls()).containsExactly("cleanupStaleFiles", "cleanupBackups(3)");
    }

    @Test
    void badKeepIsRejectedBeforeAnythingIsRemoved() {
        for (String garbage : new String[] {"-1", "all", "", "3;rm"}) {
            assertThatThrownBy(() -> actions.perform(garbage, true))
                    .as(garbage)
                    .isInstanceOf(CommandException.class)
                    .hasMessageStartingWith("--cleanup ");
        }
        assertThat(store.maintenanceCalls()).isEmpty();
        assertThat(store.listBackups()).hasSize(5);
    }
}

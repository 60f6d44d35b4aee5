package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupActionsTest {
    private final RecordingStateStore store = new RecordingStateStore();
    private final BackupActions actions = new BackupActions(store);

    @BeforeEach
    void fiveBackups() throws IOException {
        for (int i = 0; i < 5; i++) {
            store.rotate();
        }
        store.calls.clear();
    }

    @Test
    void noOptionsDoesNothing() throws Exception {
        assertThat(actions.perform(null, false)).isEmpty();
        assertThat(store.calls).isEmpty();
    }

    @Test
    void cleanupKeepsTheNewest() throws Exception {
        assertThat(actions.perform("2", false)).containsExactly("Removed 3 backup(s), keeping the newest 2");
        assertThat(store.listBackups()).extracting(b -> b.fileName())
                .containsExactly("port_state.json.bak.5", "port_state.json.bak.4");
    }

    @Test
    void staleRunsBeforeTheCountLimit() throws Exception {
        store.staleToRemove = 1;

        assertThat(actions.perform("3", true))
                .containsExactly("Removed 1 stale backup(s)", "Removed 1 backup(s), keeping the newest 3");
        assertThat(store.calls).containsExactly("cleanupStaleFiles", "cleanupBackups(3)");
    }

    @Test
    void badKeepIsRejectedBeforeAnythingIsRemoved() {
        for (String garbage : new String[] {"-1", "all", "", "3;rm"}) {
            assertThatThrownBy(() -> actions.perform(garbage, true))
                    .as(garbage)
                    .isInstanceOf(CommandException.class)
                    .hasMessageStartingWith("--cleanup ");
        }
        assertThat(store.calls).isEmpty();
        assertThat(store.listBackups()).hasSize(5);
    }
}

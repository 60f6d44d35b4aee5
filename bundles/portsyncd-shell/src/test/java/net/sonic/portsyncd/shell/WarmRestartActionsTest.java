package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.testkit.fake.FakeStateStore;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class WarmRestartActionsTest {
    private static final String BOOT_ID = "00000000-0000-0000-0000-000000000000";

    private final RecordingLifecycle lifecycle = new RecordingLifecycle();
    private final FixedSyncService sync = new FixedSyncService();
    private final FakeStateStore store = new FakeStateStore(BOOT_ID);
    private final WarmRestartActions actions = new WarmRestartActions(lifecycle, sync, store);

    @Test
    void forceCompleteEndsARunningSyncOnceAndIsHarmlessAfterwards() throws Exception {
        assertThat(actions.perform("force-complete", null)).isEqualTo("Initial sync forced to complete");
        assertThat(lifecycle.state).isEqualTo(LifecycleState.INITIAL_SYNC_COMPLETE);

        assertThat(actions.perform("force-complete", null)).isEqualTo("No initial sync is running; nothing to do");
        assertThat(lifecycle.forceCalls).isEqualTo(2);
    }

    @Test
    void saveStateGoesThroughTheSyncEngine() throws Exception {
        assertThat(actions.perform("save-state", null)).isEqualTo("Port state saved");
        sync.storeAvailable = false;
        assertThat(actions.perform("save-state", null)).startsWith("Port state not saved");
        assertThat(sync.saves).isEqualTo(2);
    }

    @Test
    void rotateReportsTheNewBackupOrItsAbsence() throws Exception {
        assertThat(actions.perform("rotate", null)).isEqualTo("No live state file; nothing to rotate");
        assertThat(store.listBackups()).isEmpty();

        store.seed(new PortStateSnapshot(1_000, BOOT_ID, false, true,
                Map.of("Ethernet0", new PortRecord("Ethernet0", 7, true, true, 0x11043, 9100))));
        String reply = actions.perform("rotate", null);

        BackupFile backup = store.listBackups().get(0);
        assertThat(reply).isEqualTo("Backup created: " + backup.fileName() + " (" + backup.sizeBytes() + " bytes)");
        assertThat(store.maintenanceCalls()).containsExactly("rotate", "rotate");
    }

    @Test
    void rotateFailureIsAOneLineError() {
        store.failRotations(new IOException("No space left on device"));

        assertThatThrownBy(() -> actions.perform("rotate", null))
                .isInstanceOf(CommandException.class)
                .hasMessage("Rotation failed: No space left on device");
    }

    @Test
    void setTimeoutAppliesValidSeconds() throws Exception {
        assertThat(actions.perform("set-timeout", "45")).isEqualTo("EOIU timeout set to 45 s");
        assertThat(lifecycle.timeout).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void setTimeoutRejectsGarbageWithoutTouchingTheLifecycle() {
        for (String garbage : new String[] {"abc", "-1", "3601", "1.5", ""}) {
            assertThatThrownBy(() -> actions.perform("set-timeout", garbage))
                    .as(garbage)
                    .isInstanceOf(CommandException.class)
                    .hasMessageStartingWith("set-timeout ");
        }
        assertThat(lifecycle.timeout).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void lifecycleRefusalIsRelayed() {
        assertThatThrownBy(() -> actions.perform("set-timeout", "0"))
                .isInstanceOf(CommandException.class)
                .hasMessage("Timeout refused: the timeout must be positive");
    }

    @Test
    void setTimeoutWithoutValueSaysHowToUseIt() {
        assertThatThrownBy(() -> actions.perform("set-timeout", null))
                .isInstanceOf(CommandException.class)
                .hasMessage("set-timeout needs a value, e.g. set-timeout 30");
    }

    @Test
    void actionsWithoutValueRefuseOne() {
        assertThatThrownBy(() -> actions.perform("rotate", "5"))
                .isInstanceOf(CommandException.class)
                .hasMessage("rotate takes no value, got '5'");
        assertThat(store.maintenanceCalls()).isEmpty();
    }

    @Test
    void unknownActionListsTheKnownOnes() {
        assertThatThrownBy(() -> actions.perform("reboot", null))
                .isInstanceOf(CommandException.class)
                .hasMessage("Unknown action 'reboot'; expected one of: force-complete, save-state, rotate, "
                        + "set-timeout <seconds>");
    }

    @Test
    void missingServiceNamesTheBundle() {
        WarmRestartActions withoutServices = new WarmRestartActions(null, null, null);

        assertThatThrownBy(() -> withoutServices.perform("force-complete", null))
                .hasMessage("The warm-restart lifecycle is not available (is bundle portsyncd-warmrestart active?)");
        assertThatThrownBy(() -> withoutServices.perform("save-state", null))
                .hasMessage("The sync engine is not available (is bundle portsyncd-core active?)");
        assertThatThrownBy(() -> withoutServices.perform("rotate", null))
                .hasMessage("The port state store is not available (is bundle portsyncd-persistence active?)");
    }
}

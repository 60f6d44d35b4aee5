package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.sonic.portsyncd.api.sync.SyncStatus;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    @Test
    void showsEveryFieldOfARunningEngine() {
        SyncStatus status = new SyncStatus(true, RestartMode.WARM, false, true, 3, 29, false, 7, true);
        StartDecision decision = new StartDecision(RestartMode.WARM, "WARM_RESTART_ENABLE_TABLE|swss enable=true",
                false, Optional.empty());

        assertThat(Rendered.rows(StatusReport.table(Optional.of(status),
                Optional.of(LifecycleState.INITIAL_SYNC_IN_PROGRESS), Optional.of(decision)))).containsExactly(
                List.of("Sync engine", "running"),
                List.of("Mode", "WARM"),
                List.of("Lifecycle state", "INITIAL_SYNC_IN_PROGRESS"),
                List.of("Start reason", "WARM_RESTART_ENABLE_TABLE|swss enable=true"),
                List.of("PortConfigDone", "no"),
                List.of("PortInitDone", "yes"),
                List.of("Pending ports", "3"),
                List.of("Known ports", "29"),
                List.of("Redis", "DOWN"),
                List.of("Backlog ports", "7"));
    }

    @Test
    void anEngineThatHasNotDecidedHowToStartSaysSo() {
        SyncStatus status = new SyncStatus(false, null, false, false, 0, 0, true, 0, true);

        assertThat(Rendered.rows(StatusReport.table(Optional.of(status), Optional.empty(), Optional.empty())))
                .contains(List.of("Mode", "not decided"));
    }

    @Test
    void missingServicesReadAsUnavailable() {
        assertThat(Rendered.rows(StatusReport.table(Optional.empty(), Optional.empty(), Optional.empty())))
                .hasSize(10).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("unavailable"));
    }
}

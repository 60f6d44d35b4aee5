package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import org.junit.jupiter.api.Test;

/** The metrics, warm-restart, backups and resync outputs. */
class ReportsTest {

    @Test
    void metricsListEveryCounterAndEventTimeByAttributeName() {
        MetricsSnapshot snapshot = new MetricsSnapshot(1, Map.of(Counter.NETLINK_RECEIVED, 1234L),
                Map.of(Timestamp.LAST_WARM_RESTART, 1_700_000_000_000L), Map.of(), Map.of());

        List<List<String>> rows = Rendered.rows(MetricsReport.values(snapshot));

        assertThat(rows).hasSize(Counter.values().length + Timestamp.values().length);
        assertThat(rows).contains(List.of("NetlinkReceivedCount", "1234"), List.of("WarmRestartCount", "0"),
                List.of("LastWarmRestartAtMillis", "2023-11-14T22:13:20Z"),
                List.of("LastCorruptionDetectedAtMillis", "never"));
    }

    @Test
    void histogramsAreShownInMillisecondsSinceTheResetAndRecently() {
        HistogramSummary latency = new HistogramSummary(10, 150_000, 15_012_000_000L, 1_501_234_567.8, 800_000,
                2_500_000, 15_012_000_000L);
        HistogramSummary recent = new HistogramSummary(4, 150_000, 900_000, 400_000, 300_000, 800_000, 900_000);
        MetricsSnapshot snapshot = new MetricsSnapshot(1, Map.of(), Map.of(), Map.of(Histogram.EVENT_LATENCY, latency),
                Map.of(Histogram.EVENT_LATENCY, recent));

        assertThat(Rendered.of(MetricsReport.histograms(snapshot), true).lines().findFirst().orElseThrow())
                .containsSubsequence("Window", "Count", "Min ms", "Mean ms", "p50 ms", "p90 ms", "p99 ms", "Max ms");
        assertThat(Rendered.rows(MetricsReport.histograms(snapshot))).containsExactly(
                List.of("EventLatency", "since reset", "10", "0.150", "1501.235", "0.800", "2.500", "15012.000",
                        "15012.000"),
                List.of("EventLatency", "last 60 s", "4", "0.150", "0.400", "0.300", "0.800", "0.900", "0.900"),
                List.of("InitialSyncDuration", "since reset", "0", "0.000", "0.000", "0.000", "0.000", "0.000",
                        "0.000"),
                List.of("InitialSyncDuration", "last 60 s", "0", "0.000", "0.000", "0.000", "0.000", "0.000",
                        "0.000"));
    }

    @Test
    void warmRestartSummaryShowsDecisionTimerAndElapsed() {
        RecordingLifecycle lifecycle = new RecordingLifecycle();
        lifecycle.state = LifecycleState.INITIAL_SYNC_COMPLETE;
        lifecycle.decision = Optional.of(new StartDecision(RestartMode.WARM, "bundle restarted in this boot", true,
                Optional.empty()));
        lifecycle.timeout = Duration.ofMillis(2500);
        lifecycle.elapsedMillis = 812;

        String text = Rendered.of(WarmRestartReport.summary(lifecycle), false);

        assertThat(text).containsSubsequence("State", "INITIAL_SYNC_COMPLETE", "Mode", "WARM", "Reason",
                "bundle restarted in this boot", "Hot swap", "yes", "Saved state loaded", "no", "EOIU timeout",
                "2500 ms", "Initial sync", "812 ms");
    }

    @Test
    void warmRestartSummaryBeforeAnyDecision() {
        String text = Rendered.of(WarmRestartReport.summary(new RecordingLifecycle()), false);

        assertThat(text).containsSubsequence("Mode", "not decided", "EOIU timeout", "30 s", "Initial sync",
                "not started");
    }

    @Test
    void transitionsAreListedOldestFirst() {
        List<StateTransition> transitions = List.of(
                new StateTransition(null, LifecycleState.WARM_START, 1_000),
                new StateTransition(LifecycleState.WARM_START, LifecycleState.INITIAL_SYNC_IN_PROGRESS, 2_000));

        assertThat(Rendered.rows(WarmRestartReport.transitions(transitions))).containsExactly(
                List.of("-", "WARM_START", "1970-01-01T00:00:01Z"),
                List.of("WARM_START", "INITIAL_SYNC_IN_PROGRESS", "1970-01-01T00:00:02Z"));
    }

    @Test
    void backupsTableAndItsEmptyForm() {
        List<BackupFile> backups = List.of(new BackupFile("port_state.json.bak.2", 2_000, 4096));

        assertThat(Rendered.rows(BackupsReport.table(backups)))
                .containsExactly(List.of("port_state.json.bak.2", "1970-01-01T00:00:02Z", "4096"));
        assertThat(Rendered.of(BackupsReport.table(List.of()), true)).contains("no backups");
    }

    @Test
    void whatTheStoreLeavesAloneFollowsTheBackups() {
        assertThat(BackupsReport.leftAlone(List.of())).isEmpty();
        assertThat(BackupsReport.leftAlone(List.of("/s/backups is a symbolic link to '/tmp/x', not a directory; refused",
                "/s/backups/notes.txt is a regular file, not named like a backup; left alone"))).containsExactly(
                "Refused or left alone (not portsyncd's, never removed by a cleanup):",
                "  /s/backups is a symbolic link to '/tmp/x', not a directory; refused",
                "  /s/backups/notes.txt is a regular file, not named like a backup; left alone");
    }

    @Test
    void resyncResultIsPrintedFieldByField() {
        String text = Rendered.of(ResyncReport.table(new ResyncResult(34, 2, 1, 17)), false);

        assertThat(text).containsSubsequence("Links seen", "34", "Rows written", "2", "Rows deleted", "1",
                "Duration", "17 ms");
    }
}

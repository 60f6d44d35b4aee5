package net.sonic.portsyncd.shell;

import java.util.Optional;
import net.sonic.portsyncd.api.sync.SyncStatus;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.StartDecision;

/** The one-screen health view of {@code portsyncd:status}. Missing services show as "unavailable". */
public final class StatusReport {
    static final String UNAVAILABLE = "unavailable";

    private StatusReport() {
    }

    public static PropertyTable table(Optional<SyncStatus> status, Optional<LifecycleState> lifecycleState,
            Optional<StartDecision> decision) {
        PropertyTable table = new PropertyTable();
        table.add("Sync engine", status.map(StatusReport::engineState).orElse(UNAVAILABLE));
        table.add("Mode", status.map(s -> s.mode() == null ? "not decided" : s.mode().name()).orElse(UNAVAILABLE));
        table.add("Lifecycle state", lifecycleState.map(Enum::name).orElse(UNAVAILABLE));
        table.add("Start reason", decision.map(StartDecision::reason).orElse(UNAVAILABLE));
        table.add("PortConfigDone", status.map(s -> Format.yesNo(s.portConfigDone())).orElse(UNAVAILABLE));
        table.add("PortInitDone", status.map(s -> Format.yesNo(s.portInitDone())).orElse(UNAVAILABLE));
        table.add("Pending ports", status.map(s -> String.valueOf(s.pendingPorts())).orElse(UNAVAILABLE));
        table.add("Known ports", status.map(s -> String.valueOf(s.knownPorts())).orElse(UNAVAILABLE));
        table.add("Redis", status.map(s -> s.redisAvailable() ? "available" : "DOWN").orElse(UNAVAILABLE));
        table.add("Backlog ports", status.map(s -> String.valueOf(s.backlogPorts())).orElse(UNAVAILABLE));
        return table;
    }

    private static String engineState(SyncStatus status) {
        if (status.running()) {
            return "running";
        }
        return status.namespaceAttached() ? "stopped" : "not following links: network namespace unavailable";
    }
}

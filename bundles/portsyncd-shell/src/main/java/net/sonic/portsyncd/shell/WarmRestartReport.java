package net.sonic.portsyncd.shell;

import java.util.List;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code portsyncd:warm-restart} without an action: the lifecycle's state, decision, timer and history. */
public final class WarmRestartReport {
    private WarmRestartReport() {
    }

    public static PropertyTable summary(WarmRestartLifecycle lifecycle) {
        PropertyTable table = new PropertyTable();
        table.add("State", lifecycle.state().name());
        StartDecision decision = lifecycle.lastDecision().orElse(null);
        table.add("Mode", decision == null ? "not decided" : decision.mode().name());
        table.add("Reason", decision == null ? "-" : decision.reason());
        table.add("Hot swap", decision == null ? "-" : Format.yesNo(decision.hotSwap()));
        table.add("Saved state loaded", decision == null ? "-" : Format.yesNo(decision.savedState().isPresent()));
        table.add("EOIU timeout", Format.duration(lifecycle.eoiuTimeout()));
        long elapsed = lifecycle.initialSyncElapsedMillis();
        table.add("Initial sync", elapsed < 0 ? "not started" : elapsed + " ms");
        return table;
    }

    public static ShellTable transitions(List<StateTransition> transitions) {
        ShellTable table = new ShellTable();
        table.column("From");
        table.column("To");
        table.column("At");
        table.emptyTableText("no transitions");
        for (StateTransition transition : transitions) {
            table.addRow().addContent(Format.name(transition.from()), Format.name(transition.to()),
                    Format.instant(transition.atMillis()));
        }
        return table;
    }
}

package net.sonic.portsyncd.shell;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import org.apache.karaf.shell.support.CommandException;

/** Runs one {@code portsyncd:warm-restart} operation and says what happened, in one line. */
public final class WarmRestartActions {
    private final WarmRestartLifecycle lifecycle;
    private final PortSyncService sync;
    private final PortStateStore stateStore;

    /** Any service may be null; only the operation that needs it then fails. */
    public WarmRestartActions(WarmRestartLifecycle lifecycle, PortSyncService sync, PortStateStore stateStore) {
        this.lifecycle = lifecycle;
        this.sync = sync;
        this.stateStore = stateStore;
    }

    public String perform(String actionName, String value) throws CommandException {
        WarmRestartAction action = WarmRestartAction.parse(actionName);
        if (action.takesValue() && value == null) {
            throw new CommandException(action.commandName() + " needs a value, e.g. " + action.commandName() + " 30");
        }
        if (!action.takesValue() && value != null) {
            throw new CommandException(action.commandName() + " takes no value, got " + ShellArguments.echo(value));
        }
        return switch (action) {
            case FORCE_COMPLETE -> Services.lifecycle(lifecycle).forceCompleteInitialSync()
                    ? "Initial sync forced to complete"
                    : "No initial sync is running; nothing to do";
            case SAVE_STATE -> Services.sync(sync).saveStateNow()
                    ? "Port state saved"
                    : "Port state not saved: no state store is available to the sync engine";
            case ROTATE -> rotate();
            case SET_TIMEOUT -> setTimeout(ShellArguments.timeoutSeconds("set-timeout", value));
        };
    }

    private String rotate() throws CommandException {
        Optional<BackupFile> backup;
        try {
            backup = Services.stateStore(stateStore).rotate();
        } catch (IOException e) {
            throw new CommandException("Rotation failed: " + e.getMessage(), e);
        }
        return backup.map(b -> "Backup created: " + b.fileName() + " (" + b.sizeBytes() + " bytes)")
                .orElse("No live state file; nothing to rotate");
    }

    private String setTimeout(Duration timeout) throws CommandException {
        WarmRestartLifecycle target = Services.lifecycle(lifecycle);
        try {
            target.setEoiuTimeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandException("Timeout refused: " + e.getMessage(), e);
        }
        return "EOIU timeout set to " + Format.duration(target.eoiuTimeout());
    }
}

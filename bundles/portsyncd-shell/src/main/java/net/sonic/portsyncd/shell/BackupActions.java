package net.sonic.portsyncd.shell;

import java.util.ArrayList;
import java.util.List;
import net.sonic.portsyncd.api.state.PortStateStore;
import org.apache.karaf.shell.support.CommandException;

/** The clean-up options of {@code portsyncd:backups}: stale files first, then the count limit. */
public final class BackupActions {
    private final PortStateStore stateStore;

    public BackupActions(PortStateStore stateStore) {
        this.stateStore = stateStore;
    }

    /**
     * @param keep  the value of {@code --cleanup}, or null when not given
     * @param stale {@code --stale} was given
     * @return one line per operation performed
     */
    public List<String> perform(String keep, boolean stale) throws CommandException {
        Integer keepCount = keep == null ? null : ShellArguments.count("--cleanup", keep);
        List<String> done = new ArrayList<>();
        if (stale) {
            int removed = stateStore.cleanupStaleFiles();
            done.add("Removed " + removed + " stale backup(s)");
        }
        if (keepCount != null) {
            int removed = stateStore.cleanupBackups(keepCount);
            done.add("Removed " + removed + " backup(s), keeping the newest " + keepCount);
        }
        return done;
    }
}

package net.sonic.portsyncd.api.state;

import java.util.List;
import java.util.Optional;

/**
 * Result of loading the state file through the recovery chain (live file, then backups newest first).
 *
 * @param snapshot   the state that was loaded, if any candidate was valid
 * @param source     "live", "backup:&lt;file name&gt;" or "none"
 * @param rejections one line per rejected candidate: file name and reason
 */
public record LoadOutcome(Optional<PortStateSnapshot> snapshot, String source, List<String> rejections) {
    public LoadOutcome {
        rejections = List.copyOf(rejections);
    }

    public boolean recoveredFromBackup() {
        return source.startsWith("backup:");
    }
}

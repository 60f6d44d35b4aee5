package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.regex.Pattern;
import net.sonic.portsyncd.support.files.PrivateDirectory;

/**
 * Temporary files an atomic write leaves behind when the process dies between creating and renaming them
 * ({@code .port_state.json.<random>.tmp}, {@code .port_state_<ms>-<seq>.json.<random>.tmp}). Only old ones are
 * removed, so a write still in progress in another store instance keeps its file; only regular files of
 * portsyncd's user, never a link.
 */
final class OrphanedTemporaryFiles {
    private static final Pattern NAME = Pattern.compile("\\.port_state(\\.json|_\\d{1,18}-\\d{1,9}\\.json)\\.\\d{1,20}\\.tmp");

    private OrphanedTemporaryFiles() {
    }

    static boolean matches(String name) {
        return NAME.matcher(name).matches();
    }

    static int removeOlderThan(PrivateDirectory directory, long cutoffMillis) throws IOException {
        int removed = 0;
        for (String name : directory.names()) {
            if (!matches(name)) {
                continue;
            }
            Optional<PosixFileAttributes> found = directory.attributes(name);
            if (found.isPresent() && found.get().lastModifiedTime().toMillis() < cutoffMillis
                    && directory.deleteOwnFile(name)) {
                removed++;
            }
        }
        return removed;
    }
}

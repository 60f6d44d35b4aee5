package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Temporary files an atomic write leaves behind when the process dies between creating and renaming them
 * ({@code .port_state.json.<random>.tmp}, {@code .port_state_<ms>-<seq>.json.<random>.tmp}). Only old ones are
 * removed, so a write still in progress in another store instance keeps its file.
 */
final class OrphanedTemporaryFiles {
    private static final Pattern NAME = Pattern.compile("\\.port_state(\\.json|_\\d{1,18}-\\d{1,9}\\.json)\\.\\d{1,20}\\.tmp");

    private OrphanedTemporaryFiles() {
    }

    static int removeOlderThan(Path directory, long cutoffMillis) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".port_state*.tmp")) {
            for (Path file : files) {
                if (NAME.matcher(file.getFileName().toString()).matches()
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoffMillis
                        && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        }
        return removed;
    }
}

package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.state.AtomicFiles;
import net.sonic.portsyncd.api.state.BackupFile;

/**
 * The {@code backups/} directory: files named {@code port_state_<epoch-ms>-<seq>.json}. The sequence number
 * keeps two backups taken in the same millisecond apart. Only regular files with exactly that name are ever
 * listed or removed; anything else in the directory is left alone.
 */
final class BackupDirectory {
    private static final Pattern NAME = Pattern.compile("port_state_(\\d{1,18})-(\\d{1,9})\\.json");
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingLong(Entry::createdAtMillis).thenComparingLong(Entry::sequence).reversed();

    private final Path directory;

    BackupDirectory(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path path(BackupFile backup) {
        return directory.resolve(backup.fileName());
    }

    /** Newest first; empty when the directory does not exist. */
    List<BackupFile> list() throws IOException {
        return entries().stream().map(Entry::file).toList();
    }

    /** Writes {@code content} as a new backup stamped {@code nowMillis}, never replacing an existing one. */
    BackupFile create(byte[] content, long nowMillis) throws IOException {
        long sequence = 0;
        for (Entry entry : entries()) {
            if (entry.createdAtMillis() == nowMillis) {
                sequence = Math.max(sequence, entry.sequence() + 1);
            }
        }
        String name = "port_state_" + nowMillis + "-" + sequence + ".json";
        AtomicFiles.write(directory.resolve(name), content);
        return new BackupFile(name, nowMillis, content.length);
    }

    /** Keeps the newest {@code keep}; returns the removed ones. */
    List<BackupFile> removeAllButNewest(int keep) throws IOException {
        List<Entry> entries = entries();
        return remove(entries.subList(Math.min(keep, entries.size()), entries.size()));
    }

    /** Removes every backup stamped before {@code cutoffMillis}; returns the removed ones. */
    List<BackupFile> removeOlderThan(long cutoffMillis) throws IOException {
        return remove(entries().stream().filter(entry -> entry.createdAtMillis() < cutoffMillis).toList());
    }

    private List<BackupFile> remove(List<Entry> doomed) throws IOException {
        List<BackupFile> removed = new ArrayList<>(doomed.size());
        for (Entry entry : doomed) {
            if (Files.deleteIfExists(directory.resolve(entry.file().fileName()))) {
                removed.add(entry.file());
            }
        }
        if (!removed.isEmpty()) {
            AtomicFiles.fsyncDirectory(directory);
        }
        return removed;
    }

    private List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "port_state_*.json")) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new Entry(new BackupFile(name.group(0), Long.parseLong(name.group(1)), sizeOf(file)),
                            Long.parseLong(name.group(2))));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        entries.sort(NEWEST_FIRST);
        return entries;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private record Entry(BackupFile file, long sequence) {
        long createdAtMillis() {
            return file.createdAtMillis();
        }
    }
}

package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.support.files.PrivateDirectory;

/**
 * The open {@code backups/} directory: files named {@code port_state_<epoch-ms>-<seq>.json}. The sequence number
 * keeps two backups taken in the same millisecond apart. Only regular files of portsyncd's user with exactly that
 * name are backups: they alone are listed, loaded or removed; anything else in the directory (a link, a
 * directory, another user's file, another name) is left alone and reported as a stranger.
 */
final class BackupDirectory {
    private static final Pattern NAME = Pattern.compile("port_state_(\\d{1,18})-(\\d{1,9})\\.json");
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingLong(Entry::createdAtMillis).thenComparingLong(Entry::sequence).reversed();

    private final PrivateDirectory directory;

    BackupDirectory(PrivateDirectory directory) {
        this.directory = directory;
    }

    PrivateDirectory directory() {
        return directory;
    }

    /** Newest first. */
    List<BackupFile> list() throws IOException {
        return entries().stream().map(Entry::file).toList();
    }

    Optional<byte[]> read(BackupFile backup) throws InvalidStateFileException {
        return StateFileReader.read(directory, backup.fileName());
    }

    /** Writes {@code content} as a new backup stamped {@code nowMillis}, under a name nothing else has. */
    BackupFile create(byte[] content, long nowMillis) throws IOException {
        long sequence = 0;
        for (String name : directory.names()) {
            Matcher backup = NAME.matcher(name);
            if (backup.matches() && Long.parseLong(backup.group(1)) == nowMillis) {
                sequence = Math.max(sequence, Long.parseLong(backup.group(2)) + 1);
            }
        }
        String name = "port_state_" + nowMillis + "-" + sequence + ".json";
        directory.replace(name, content);
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

    /**
     * What the directory holds that is not a backup nor a temporary file of a backup being written, one line
     * each: the path and what is there.
     */
    List<String> strangers() throws IOException {
        List<String> strangers = new ArrayList<>();
        for (String name : directory.names()) {
            Optional<PosixFileAttributes> found = directory.attributes(name);
            if (found.isEmpty()) {
                continue;
            }
            PosixFileAttributes attributes = found.get();
            boolean ours = attributes.isRegularFile() && PrivateDirectory.ofThisUser(attributes);
            boolean backupName = NAME.matcher(name).matches();
            if (ours && (backupName || OrphanedTemporaryFiles.matches(name))) {
                continue;
            }
            String what = PrivateDirectory.what(directory.resolve(name), attributes);
            if (attributes.isRegularFile() && !ours) {
                what += " of " + Reasons.oneLine(attributes.owner().getName());
            } else if (!backupName) {
                what += ", not named like a backup";
            }
            strangers.add(directory.path() + "/" + Reasons.oneLine(name) + " is " + what + "; left alone");
        }
        strangers.sort(Comparator.naturalOrder());
        return strangers;
    }

    private List<BackupFile> remove(List<Entry> doomed) throws IOException {
        List<BackupFile> removed = new ArrayList<>(doomed.size());
        for (Entry entry : doomed) {
            if (directory.deleteOwnFile(entry.file().fileName())) {
                removed.add(entry.file());
            }
        }
        if (!removed.isEmpty()) {
            directory.sync();
        }
        return removed;
    }

    private List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String name : directory.names()) {
            Matcher backup = NAME.matcher(name);
            if (!backup.matches()) {
                continue;
            }
            Optional<PosixFileAttributes> found = directory.attributes(name);
            if (found.isPresent() && found.get().isRegularFile() && PrivateDirectory.ofThisUser(found.get())) {
                entries.add(new Entry(new BackupFile(name, Long.parseLong(backup.group(1)), found.get().size()),
                        Long.parseLong(backup.group(2))));
            }
        }
        entries.sort(NEWEST_FIRST);
        return entries;
    }

    private record Entry(BackupFile file, long sequence) {
        long createdAtMillis() {
            return file.createdAtMillis();
        }
    }
}

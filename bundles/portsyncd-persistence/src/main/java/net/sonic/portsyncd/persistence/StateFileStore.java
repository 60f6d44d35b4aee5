package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.support.files.PrivateDirectory;
import net.sonic.portsyncd.support.files.RefusedPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port state file {@code port_state.json} in a state directory, with its backups in {@code backups/}.
 *
 * <p>The state directory and {@code backups/} are private directories (see {@link PrivateDirectory}): created
 * 0700, tightened when open to others, refused when a symbolic link, not a directory or another user's; the live
 * file is refused when a link or anything but a regular file is at its path. Nothing is ever read, written or
 * deleted through a link, and cleanup removes only regular backup files of portsyncd's user. A refusal raises
 * STATE_SAVE_FAILED (below) with the path and what is there, and stays up until the path is usable again.
 *
 * <p>Every replace is atomic (a 0600 temporary file renamed over the target). Before a replace, at most once per
 * rotation interval, the previous live file is kept as a backup. Loading walks the recovery chain live file, then
 * backups newest first, validating each candidate; a backup that is used is promoted back to the live file. File
 * operations are serialized on one lock; coalesced saves run on the thread {@value #SAVE_THREAD_NAME}.
 *
 * <p>A load that rejects a candidate raises CORRUPTION (MINOR when a backup stood in, MAJOR when no state was
 * left); the next successful save of the live file clears it, since from then on the chain starts valid again.
 *
 * <p>A save that fails (disk full, read-only file system, permission denied) leaves the live file as it was, is
 * counted and raises STATE_SAVE_FAILED (MAJOR) with the file and the cause; the next successful save clears it
 * unless a path is refused.
 * Ports are not affected: a direct save reports the failure to its caller as an IOException, a coalesced save only
 * through the alarm, the counter and a log line.
 */
public final class StateFileStore implements PortStateStore, AutoCloseable {
    public static final String LIVE_FILE_NAME = "port_state.json";
    public static final String BACKUP_DIRECTORY_NAME = "backups";
    public static final String SAVE_THREAD_NAME = "portsyncd-state-save";
    /** A temporary file this old cannot belong to a write in progress. */
    static final Duration ORPHAN_MIN_AGE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StateFileStore.class);
    private static final Path BOOT_ID_FILE = Path.of("/proc/sys/kernel/random/boot_id");
    private static final long NEVER = Long.MIN_VALUE;
    private static final int MAX_STRANGERS_LOGGED = 10;

    private final Path directory;
    private final Path liveFile;
    private final Path backupDirectory;
    private final MetricsRecorder metrics;
    private final AlarmService alarms;
    private final SaveAlarm saveAlarm;
    private final Clock clock;
    private final CoalescingSaver saver;
    private final Object fileLock = new Object();
    private volatile StoreSettings settings;
    /** Counts direct saves, so a coalesced write that started before one of them is dropped as stale. */
    private volatile long directSaves;
    private long lastRotationMillis = NEVER;
    private boolean rotationHistoryRead;
    private volatile String bootId;

    /** A store that raises no alarm. */
    public StateFileStore(Path stateDirectory, StoreSettings settings, MetricsRecorder metrics, Clock clock) {
        this(stateDirectory, settings, metrics, AlarmService.NONE, clock);
    }

    /**
     * @param alarms where CORRUPTION is raised and cleared, from the loading and saving threads; it must not throw
     *               (a {@link net.sonic.portsyncd.support.services.AlarmSwitch} does not)
     */
    public StateFileStore(Path stateDirectory, StoreSettings settings, MetricsRecorder metrics, AlarmService alarms,
            Clock clock) {
        this.directory = stateDirectory.toAbsolutePath().normalize();
        this.liveFile = directory.resolve(LIVE_FILE_NAME);
        this.backupDirectory = directory.resolve(BACKUP_DIRECTORY_NAME);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.saveAlarm = new SaveAlarm(liveFile, metrics, alarms);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.saver = new CoalescingSaver(SAVE_THREAD_NAME, settings.saveIntervalMillis(), this::writeCoalesced);
    }

    public Path stateDirectory() {
        return directory;
    }

    public Path liveFile() {
        return liveFile;
    }

    public Path backupDirectory() {
        return backupDirectory;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Applies new settings; the next save, rotation and cleanup use them. */
    public void updateSettings(StoreSettings next) {
        settings = Objects.requireNonNull(next, "settings");
        saver.setIntervalMillis(next.saveIntervalMillis());
    }

    @Override
    public LoadOutcome load() {
        List<Rejection> rejections = new ArrayList<>();
        try {
            LoadOutcome outcome;
            synchronized (fileLock) {
                outcome = loadChain(rejections);
            }
            if (!rejections.isEmpty()) {
                raiseCorruption(rejections, outcome.source());
            }
            return outcome;
        } catch (RuntimeException e) {
            // a defect must not stop the caller from starting cold
            LOG.error("Loading the port state failed unexpectedly; starting without saved state", e);
            List<String> lines = new ArrayList<>(lines(rejections));
            lines.add("load failed: " + Reasons.oneLine(e.toString()));
            return new LoadOutcome(Optional.empty(), "none", lines);
        }
    }

    private void raiseCorruption(List<Rejection> rejections, String source) {
        Rejection first = rejections.get(0);
        boolean stateLost = "none".equals(source);
        alarms.raise(AlarmType.CORRUPTION, stateLost ? AlarmSeverity.MAJOR : AlarmSeverity.MINOR,
                "rejected " + rejections.size() + " port state file(s), first " + first.line() + "; "
                        + (stateLost ? "no saved state is usable" : "loaded from " + source),
                Map.of("file", directory.resolve(first.file()).toString(),
                        "reason", first.reason(),
                        "rejected", Integer.toString(rejections.size()),
                        "source", source));
    }

    private LoadOutcome loadChain(List<Rejection> rejections) {
        Optional<PrivateDirectory> opened;
        try {
            opened = PrivateDirectory.existing(directory);
        } catch (RefusedPathException e) {
            // not a corrupt file: nothing was read, and STATE_SAVE_FAILED says why
            refused(e);
            return new LoadOutcome(Optional.empty(), "none", List.of(e.getMessage()));
        } catch (IOException e) {
            reject(new Rejection(directory.toString(), "cannot open: " + Reasons.ofFailure(e)), rejections);
            return new LoadOutcome(Optional.empty(), "none", lines(rejections));
        }
        if (opened.isEmpty()) {
            LOG.info("No usable port state in {}: the directory does not exist", directory);
            return new LoadOutcome(Optional.empty(), "none", List.of());
        }
        PrivateDirectory state = opened.get();
        try {
            LoadOutcome outcome = loadFrom(state, rejections);
            reviewPathsAfterLoad(state);
            return outcome;
        } finally {
            closeQuietly(state);
        }
    }

    private void reviewPathsAfterLoad(PrivateDirectory state) {
        try {
            reviewPaths(state);
        } catch (IOException e) {
            LOG.warn("Cannot inspect {} after loading: {}", directory, e.toString());
        }
    }

    private LoadOutcome loadFrom(PrivateDirectory state, List<Rejection> rejections) {
        Optional<Candidate> live = candidate(state, LIVE_FILE_NAME, LIVE_FILE_NAME, rejections);
        if (live.isPresent()) {
            LOG.info("Loaded port state from {} ({} ports, saved at {})", liveFile, live.get().snapshot().ports().size(),
                    live.get().snapshot().savedAtMillis());
            return new LoadOutcome(Optional.of(live.get().snapshot()), "live", lines(rejections));
        }
        try (OpenBackups backups = backupsForRecovery(state, rejections)) {
            for (BackupFile backup : backups.files()) {
                String label = BACKUP_DIRECTORY_NAME + "/" + backup.fileName();
                Optional<Candidate> recovered = candidate(backups.directory(), backup.fileName(), label, rejections);
                if (recovered.isPresent()) {
                    promote(state, backup, recovered.get());
                    return new LoadOutcome(Optional.of(recovered.get().snapshot()), "backup:" + backup.fileName(),
                            lines(rejections));
                }
            }
        }
        LOG.info("No usable port state in {}", directory);
        return new LoadOutcome(Optional.empty(), "none", lines(rejections));
    }

    private Optional<Candidate> candidate(PrivateDirectory in, String name, String label, List<Rejection> rejections) {
        try {
            Optional<byte[]> bytes = StateFileReader.read(in, name);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Candidate(bytes.get(), StateFileFormat.decode(bytes.get())));
        } catch (InvalidStateFileException e) {
            reject(new Rejection(label, e.getMessage()), rejections);
            return Optional.empty();
        }
    }

    private OpenBackups backupsForRecovery(PrivateDirectory state, List<Rejection> rejections) {
        try {
            return openBackups(state);
        } catch (RefusedPathException e) {
            refused(e);
            reject(new Rejection(BACKUP_DIRECTORY_NAME, "is " + e.found() + "; refused"), rejections);
        } catch (IOException e) {
            reject(new Rejection(BACKUP_DIRECTORY_NAME, "cannot list: " + Reasons.ofFailure(e)), rejections);
        }
        return OpenBackups.NONE;
    }

    private void reject(Rejection rejection, List<Rejection> rejections) {
        rejections.add(rejection);
        metrics.increment(Counter.CORRUPTION_DETECTED);
        metrics.mark(Timestamp.LAST_CORRUPTION_DETECTED);
        LOG.warn("Rejected state file {}", rejection.line());
    }

    private static List<String> lines(List<Rejection> rejections) {
        return rejections.stream().map(Rejection::line).toList();
    }

    private void promote(PrivateDirectory state, BackupFile backup, Candidate recovered) {
        metrics.increment(Counter.STATE_RECOVERY);
        metrics.mark(Timestamp.LAST_STATE_RECOVERY);
        try {
            state.replace(LIVE_FILE_NAME, recovered.bytes());
            LOG.warn("Recovered port state from backup {} ({} ports) and promoted it to {}", backup.fileName(),
                    recovered.snapshot().ports().size(), liveFile);
        } catch (RefusedPathException e) {
            LOG.warn("Recovered port state from backup {} ({} ports); not promoted to the refused {}",
                    backup.fileName(), recovered.snapshot().ports().size(), liveFile);
            refused(e);
        } catch (IOException e) {
            LOG.warn("Recovered port state from backup {} but could not promote it to {}: {}", backup.fileName(),
                    liveFile, e.toString());
        }
    }

    /**
     * Saves now. A coalesced save requested earlier and not yet written is dropped: this snapshot is at least as
     * new, and writing the older one afterwards would undo it (e.g. the clean-shutdown flag of a final save).
     *
     * @throws InvalidStateFileException when the snapshot breaks a rule the loader would reject it for
     * @throws RefusedPathException      when the state directory or the live file is refused
     */
    @Override
    public void save(PortStateSnapshot snapshot) throws IOException {
        try {
            byte[] content = StateFileFormat.encode(snapshot);
            saver.takePending();
            synchronized (fileLock) {
                directSaves++;
                replaceLive(content);
            }
        } catch (IOException e) {
            saveAlarm.saveFailed(e);
            throw e;
        }
    }

    @Override
    public void saveCoalesced(Supplier<PortStateSnapshot> snapshot) {
        saver.request(Objects.requireNonNull(snapshot, "snapshot"));
    }

    private void writeCoalesced(Supplier<PortStateSnapshot> supplier) {
        long directSavesBefore = directSaves;
        try {
            PortStateSnapshot snapshot = supplier.get();
            if (snapshot == null) {
                LOG.warn("Coalesced save skipped: the snapshot supplier returned nothing");
                return;
            }
            byte[] content = StateFileFormat.encode(snapshot);
            synchronized (fileLock) {
                if (directSaves != directSavesBefore) {
                    LOG.debug("Coalesced save dropped: a direct save replaced the file meanwhile");
                    return;
                }
                replaceLive(content);
            }
        } catch (IOException | RuntimeException e) {
            saveAlarm.saveFailed(e);
        }
    }

    private void replaceLive(byte[] content) throws IOException {
        try (PrivateDirectory state = PrivateDirectory.create(directory)) {
            rotateIfDue(state);
            state.replace(LIVE_FILE_NAME, content);
            LOG.debug("Saved port state to {} ({} bytes)", liveFile, content.length);
            alarms.clear(AlarmType.CORRUPTION, "valid port state saved to " + liveFile);
            saveAlarm.saved();
            reviewPaths(state);
        }
    }

    /** Raises the refusal of the live file or backups/ that blocks the store's work, or clears what has gone. */
    private void reviewPaths(PrivateDirectory state) throws IOException {
        Optional<RefusedPathException> live = state.fileRefusal(LIVE_FILE_NAME);
        Optional<RefusedPathException> backups = state.directoryRefusal(BACKUP_DIRECTORY_NAME);
        if (live.isPresent()) {
            refused(live.get());
        } else if (backups.isPresent()) {
            refused(backups.get());
        } else {
            saveAlarm.pathsUsable();
        }
    }

    private void refused(RefusedPathException e) {
        String consequence;
        if (e.path().equals(directory)) {
            consequence = "the port state is neither loaded nor saved";
        } else if (e.path().equals(liveFile)) {
            consequence = "the port state is not saved until it is removed";
        } else {
            consequence = "no backup is written, loaded or removed there";
        }
        saveAlarm.refused(e, consequence);
    }

    private void rotateIfDue(PrivateDirectory state) {
        long now = clock.millis();
        long last = lastRotationMillis(state);
        if (last != NEVER && now >= last && now - last < settings.rotationIntervalMillis()) {
            return;
        }
        try {
            rotateLocked(state, now);
        } catch (RefusedPathException e) {
            // reported by the review of the paths after the save, once
            lastRotationMillis = now;
        } catch (IOException e) {
            // retried after a full interval, not on every save: one warning per interval is enough
            lastRotationMillis = now;
            LOG.warn("No backup taken before replacing {}: {}", liveFile, e.getMessage());
        }
    }

    /** The newest backup's stamp survives a restart, so a restart loop does not rotate away every backup. */
    private long lastRotationMillis(PrivateDirectory state) {
        if (!rotationHistoryRead) {
            rotationHistoryRead = true;
            try (OpenBackups backups = openBackups(state)) {
                lastRotationMillis = backups.files().stream().findFirst().map(BackupFile::createdAtMillis)
                        .orElse(NEVER);
            } catch (RefusedPathException e) {
                // reported by the review of the paths after the save
            } catch (IOException e) {
                LOG.warn("Cannot list backups in {}: {}", backupDirectory, e.toString());
            }
        }
        return lastRotationMillis;
    }

    @Override
    public Optional<BackupFile> rotate() throws IOException {
        synchronized (fileLock) {
            Optional<PrivateDirectory> opened;
            try {
                opened = PrivateDirectory.existing(directory);
            } catch (RefusedPathException e) {
                refused(e);
                throw e;
            }
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (PrivateDirectory state = opened.get()) {
                return rotateLocked(state, clock.millis());
            } catch (RefusedPathException e) {
                refused(e);
                throw e;
            }
        }
    }

    private Optional<BackupFile> rotateLocked(PrivateDirectory state, long now) throws IOException {
        Optional<byte[]> live = StateFileReader.read(state, LIVE_FILE_NAME);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        try {
            StateFileFormat.decode(live.get());
        } catch (InvalidStateFileException e) {
            // a bad file would only push a good backup out of the retention window
            throw new InvalidStateFileException(LIVE_FILE_NAME + " is not valid and is not backed up: " + e.getMessage());
        }
        try (PrivateDirectory opened = state.subdirectory(BACKUP_DIRECTORY_NAME, true).orElseThrow()) {
            BackupDirectory backups = new BackupDirectory(opened);
            BackupFile backup = backups.create(live.get(), now);
            rotationHistoryRead = true;
            lastRotationMillis = now;
            metrics.increment(Counter.BACKUP_CREATED);
            LOG.debug("Backed up {} as {}", liveFile, backup.fileName());
            removeBeyondRetention(backups, settings.backupRetention());
            return Optional.of(backup);
        }
    }

    @Override
    public List<BackupFile> listBackups() {
        synchronized (fileLock) {
            return onBackups("list backups", BackupDirectory::list, List.of());
        }
    }

    @Override
    public int cleanupBackups(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of backups to keep cannot be negative: " + keep);
        }
        synchronized (fileLock) {
            return onBackups("remove old backups", backups -> {
                int removed = removeBeyondRetention(backups, keep);
                reportStrangers(backups);
                return removed;
            }, 0);
        }
    }

    private int removeBeyondRetention(BackupDirectory backups, int keep) {
        try {
            List<BackupFile> removed = backups.removeAllButNewest(keep);
            metrics.add(Counter.BACKUP_CLEANUP, removed.size());
            removed.forEach(backup -> LOG.debug("Removed backup {} beyond the newest {}", backup.fileName(), keep));
            return removed.size();
        } catch (IOException e) {
            LOG.warn("Cannot remove old backups in {}: {}", backupDirectory, e.toString());
            return 0;
        }
    }

    /**
     * Also removes temporary files that writes interrupted by a crash left behind (not counted in the result).
     * Removes only regular files of portsyncd's user named like its own, never through a link.
     */
    @Override
    public int cleanupStaleFiles() {
        long now = clock.millis();
        long maxAgeMillis = Duration.ofDays(settings.backupMaxAgeDays()).toMillis();
        long orphanCutoff = now - ORPHAN_MIN_AGE.toMillis();
        synchronized (fileLock) {
            int removed = onBackups("remove stale backups", backups -> {
                List<BackupFile> stale = backups.removeOlderThan(now - maxAgeMillis);
                metrics.add(Counter.BACKUP_CLEANUP, stale.size());
                if (!stale.isEmpty()) {
                    LOG.info("Removed {} backups older than {} days from {}", stale.size(),
                            settings.backupMaxAgeDays(), backupDirectory);
                }
                removeOrphanedTemporaryFiles(backups.directory(), orphanCutoff);
                reportStrangers(backups);
                return stale.size();
            }, 0);
            onState("remove leftover temporary files", state -> {
                removeOrphanedTemporaryFiles(state, orphanCutoff);
                return 0;
            }, 0);
            return removed;
        }
    }

    private static void removeOrphanedTemporaryFiles(PrivateDirectory in, long cutoffMillis) throws IOException {
        int removed = OrphanedTemporaryFiles.removeOlderThan(in, cutoffMillis);
        if (removed > 0) {
            LOG.info("Removed {} temporary files left by interrupted writes in {}", removed, in.path());
        }
    }

    private static void reportStrangers(BackupDirectory backups) throws IOException {
        List<String> strangers = backups.strangers();
        if (!strangers.isEmpty()) {
            LOG.warn("{} entries of {} were not written by portsyncd and are left alone: {}", strangers.size(),
                    backups.directory().path(), strangers.size() > MAX_STRANGERS_LOGGED
                            ? strangers.subList(0, MAX_STRANGERS_LOGGED) + " and more" : strangers);
        }
    }

    @Override
    public List<String> refusedPaths() {
        synchronized (fileLock) {
            List<String> lines = new ArrayList<>();
            try {
                Optional<PrivateDirectory> opened = PrivateDirectory.existing(directory);
                if (opened.isEmpty()) {
                    return List.of();
                }
                try (PrivateDirectory state = opened.get()) {
                    state.fileRefusal(LIVE_FILE_NAME).ifPresent(e -> lines.add(e.getMessage()));
                    Optional<PrivateDirectory> backups = state.subdirectory(BACKUP_DIRECTORY_NAME, false);
                    if (backups.isPresent()) {
                        try (PrivateDirectory openBackupDirectory = backups.get()) {
                            lines.addAll(new BackupDirectory(openBackupDirectory).strangers());
                        }
                    }
                }
            } catch (RefusedPathException e) {
                lines.add(e.getMessage());
            } catch (IOException e) {
                lines.add(directory + " cannot be inspected: " + Reasons.ofFailure(e));
            }
            return lines;
        }
    }

    /** Runs {@code work} on the open state directory; {@code otherwise} when it does not exist or fails. */
    private <T> T onState(String what, DirectoryWork<PrivateDirectory, T> work, T otherwise) {
        try {
            Optional<PrivateDirectory> opened = PrivateDirectory.existing(directory);
            if (opened.isEmpty()) {
                return otherwise;
            }
            try (PrivateDirectory state = opened.get()) {
                return work.on(state);
            }
        } catch (RefusedPathException e) {
            refused(e);
        } catch (IOException e) {
            LOG.warn("Cannot {} in {}: {}", what, directory, e.toString());
        }
        return otherwise;
    }

    /** Runs {@code work} on the open backup directory; {@code otherwise} when it does not exist or fails. */
    private <T> T onBackups(String what, DirectoryWork<BackupDirectory, T> work, T otherwise) {
        return onState(what, state -> {
            Optional<PrivateDirectory> opened = state.subdirectory(BACKUP_DIRECTORY_NAME, false);
            if (opened.isEmpty()) {
                return otherwise;
            }
            try (PrivateDirectory backups = opened.get()) {
                return work.on(new BackupDirectory(backups));
            }
        }, otherwise);
    }

    /** The backups, newest first, with their directory open; {@link OpenBackups#NONE} when there is none. */
    private static OpenBackups openBackups(PrivateDirectory state) throws IOException {
        Optional<PrivateDirectory> opened = state.subdirectory(BACKUP_DIRECTORY_NAME, false);
        if (opened.isEmpty()) {
            return OpenBackups.NONE;
        }
        try {
            return new OpenBackups(opened.get(), new BackupDirectory(opened.get()).list());
        } catch (IOException e) {
            opened.get().close();
            throw e;
        }
    }

    @Override
    public String currentBootId() {
        String known = bootId;
        if (known != null) {
            return known;
        }
        try {
            known = Files.readString(BOOT_ID_FILE).trim();
            bootId = known;
            return known;
        } catch (IOException e) {
            LOG.warn("Cannot read the kernel boot id from {}: {}", BOOT_ID_FILE, e.toString());
            return "";
        }
    }

    /** Hands a pending coalesced save over to another store (used when the state directory changes). */
    public void transferPendingSaveTo(PortStateStore next) {
        saver.takePending().ifPresent(next::saveCoalesced);
    }

    /** Writes a pending coalesced save now and stops the save thread. */
    @Override
    public void close() {
        saver.close();
    }

    private record Candidate(byte[] bytes, PortStateSnapshot snapshot) {
    }

    /** Work on an open directory, which is closed when it returns. */
    @FunctionalInterface
    private interface DirectoryWork<D, T> {
        T on(D directory) throws IOException;
    }

    /** Backups newest first, read from {@code directory} (null when there is no backup directory). */
    private record OpenBackups(PrivateDirectory directory, List<BackupFile> files) implements AutoCloseable {
        static final OpenBackups NONE = new OpenBackups(null, List.of());

        @Override
        public void close() {
            if (directory != null) {
                closeQuietly(directory);
            }
        }
    }

    /** Closing a directory read from can fail only in ways that lose nothing. */
    private static void closeQuietly(PrivateDirectory opened) {
        try {
            opened.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", opened.path(), e);
        }
    }

    /** A candidate of the recovery chain that failed validation; {@code file} is relative to the directory. */
    private record Rejection(String file, String reason) {
        String line() {
            return file + ": " + reason;
        }
    }
}

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.state.AtomicFiles;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port state file {@code port_state.json} in a state directory, with its backups in {@code backups/}.
 *
 * <p>Every replace is atomic (see {@link AtomicFiles}). Before a replace, at most once per rotation interval, the
 * previous live file is kept as a backup. Loading walks the recovery chain live file, then backups newest first,
 * validating each candidate; a backup that is used is promoted back to the live file. File operations are
 * serialized on one lock; coalesced saves run on the thread {@value #SAVE_THREAD_NAME}.
 *
 * <p>A load that rejects a candidate raises CORRUPTION (MINOR when a backup stood in, MAJOR when no state was
 * left); the next successful save of the live file clears it, since from then on the chain starts valid again.
 *
 * <p>A save that fails (disk full, read-only file system, permission denied) leaves the live file as it was, is
 * counted and raises STATE_SAVE_FAILED (MAJOR) with the file and the cause; the next successful save clears it.
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

    private final Path directory;
    private final Path liveFile;
    private final BackupDirectory backups;
    private final MetricsRecorder metrics;
    private final AlarmService alarms;
    private final Clock clock;
    private final CoalescingSaver saver;
    private final Object fileLock = new Object();
    private volatile StoreSettings settings;
    /** Counts direct saves, so a coalesced write that started before one of them is dropped as stale. */
    private volatile long directSaves;
    /** Saves failed since the last one that succeeded; the alarm is up while this is not zero. */
    private final AtomicLong failedSaves = new AtomicLong();
    private long lastRotationMillis = NEVER;
    private boolean rotationHistoryRead;
    private volatile String bootId;

    /** A store that raises no alarm. */
    public StateFileStore(Path stateDirectory, StoreSettings settings, MetricsRecorder metrics, Clock clock) {
        this(stateDirectory, settings, metrics, AlarmService.NONE, clock);
    }

    /**
     * @param alarms where CORRUPTION is raised and cleared, from the loading and saving threads; it must not throw
     *               (a {@link net.sonic.portsyncd.api.metrics.AlarmSwitch} does not)
     */
    public StateFileStore(Path stateDirectory, StoreSettings settings, MetricsRecorder metrics, AlarmService alarms,
            Clock clock) {
        this.directory = stateDirectory.toAbsolutePath().normalize();
        this.liveFile = directory.resolve(LIVE_FILE_NAME);
        this.backups = new BackupDirectory(directory.resolve(BACKUP_DIRECTORY_NAME));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
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
        return backups.directory();
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
        Optional<Candidate> live = candidate(liveFile, LIVE_FILE_NAME, rejections);
        if (live.isPresent()) {
            LOG.info("Loaded port state from {} ({} ports, saved at {})", liveFile, live.get().snapshot().ports().size(),
                    live.get().snapshot().savedAtMillis());
            return new LoadOutcome(Optional.of(live.get().snapshot()), "live", lines(rejections));
        }
        for (BackupFile backup : backupsForRecovery(rejections)) {
            String label = BACKUP_DIRECTORY_NAME + "/" + backup.fileName();
            Optional<Candidate> recovered = candidate(backups.path(backup), label, rejections);
            if (recovered.isPresent()) {
                promote(backup, recovered.get());
                return new LoadOutcome(Optional.of(recovered.get().snapshot()), "backup:" + backup.fileName(),
                        lines(rejections));
            }
        }
        LOG.info("No usable port state in {}", directory);
        return new LoadOutcome(Optional.empty(), "none", lines(rejections));
    }

    private Optional<Candidate> candidate(Path file, String label, List<Rejection> rejections) {
        try {
            Optional<byte[]> bytes = StateFileReader.read(file);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Candidate(bytes.get(), StateFileFormat.decode(bytes.get())));
        } catch (InvalidStateFileException e) {
            reject(new Rejection(label, e.getMessage()), rejections);
            return Optional.empty();
        }
    }

    private List<BackupFile> backupsForRecovery(List<Rejection> rejections) {
        try {
            return backups.list();
        } catch (IOException e) {
            reject(new Rejection(BACKUP_DIRECTORY_NAME, "cannot list: " + Reasons.ofFailure(e)), rejections);
            return List.of();
        }
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

    private void promote(BackupFile backup, Candidate recovered) {
        metrics.increment(Counter.STATE_RECOVERY);
        metrics.mark(Timestamp.LAST_STATE_RECOVERY);
        try {
            AtomicFiles.write(liveFile, recovered.bytes());
            LOG.warn("Recovered port state from backup {} ({} ports) and promoted it to {}", backup.fileName(),
                    recovered.snapshot().ports().size(), liveFile);
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
            saveFailed(e);
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
            saveFailed(e);
        }
    }

    private void replaceLive(byte[] content) throws IOException {
        rotateIfDue();
        AtomicFiles.write(liveFile, content);
        LOG.debug("Saved port state to {} ({} bytes)", liveFile, content.length);
        alarms.clear(AlarmType.CORRUPTION, "valid port state saved to " + liveFile);
        long failed = failedSaves.getAndSet(0);
        if (failed > 0) {
            LOG.info("Port state saved to {} again after {} failed saves", liveFile, failed);
            alarms.clear(AlarmType.STATE_SAVE_FAILED, "port state saved to " + liveFile);
        }
    }

    private void saveFailed(Exception e) {
        String cause = e instanceof IOException io ? Reasons.ofFailure(io) : Reasons.oneLine(e.toString());
        long failed = failedSaves.incrementAndGet();
        metrics.increment(Counter.STATE_SAVE_FAILURES);
        LOG.warn("Saving the port state to {} failed ({} in a row): {}; port state is unaffected", liveFile, failed,
                cause);
        alarms.raise(AlarmType.STATE_SAVE_FAILED, AlarmSeverity.MAJOR,
                "saving the port state to " + liveFile + " failed: " + cause + "; port state is unaffected",
                Map.of("file", liveFile.toString(), "cause", cause, "failures", Long.toString(failed)));
    }

    private void rotateIfDue() {
        long now = clock.millis();
        long last = lastRotationMillis();
        if (last != NEVER && now >= last && now - last < settings.rotationIntervalMillis()) {
            return;
        }
        try {
            rotateLocked(now);
        } catch (IOException e) {
            // retried after a full interval, not on every save: one warning per interval is enough
            lastRotationMillis = now;
            LOG.warn("No backup taken before replacing {}: {}", liveFile, e.getMessage());
        }
    }

    /** The newest backup's stamp survives a restart, so a restart loop does not rotate away every backup. */
    private long lastRotationMillis() {
        if (!rotationHistoryRead) {
            rotationHistoryRead = true;
            try {
                lastRotationMillis = backups.list().stream().findFirst().map(BackupFile::createdAtMillis).orElse(NEVER);
            } catch (IOException e) {
                LOG.warn("Cannot list backups in {}: {}", backups.directory(), e.toString());
            }
        }
        return lastRotationMillis;
    }

    @Override
    public Optional<BackupFile> rotate() throws IOException {
        synchronized (fileLock) {
            return rotateLocked(clock.millis());
        }
    }

    private Optional<BackupFile> rotateLocked(long now) throws IOException {
        Optional<byte[]> live = StateFileReader.read(liveFile);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        try {
            StateFileFormat.decode(live.get());
        } catch (InvalidStateFileException e) {
            // a bad file would only push a good backup out of the retention window
            throw new InvalidStateFileException(LIVE_FILE_NAME + " is not valid and is not backed up: " + e.getMessage());
        }
        BackupFile backup = backups.create(live.get(), now);
        rotationHistoryRead = true;
        lastRotationMillis = now;
        metrics.increment(Counter.BACKUP_CREATED);
        LOG.debug("Backed up {} as {}", liveFile, backup.fileName());
        removeBeyondRetention(settings.backupRetention());
        return Optional.of(backup);
    }

    @Override
    public List<BackupFile> listBackups() {
        try {
            return backups.list();
        } catch (IOException e) {
            LOG.warn("Cannot list backups in {}: {}", backups.directory(), e.toString());
            return List.of();
        }
    }

    @Override
    public int cleanupBackups(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of backups to keep cannot be negative: " + keep);
        }
        synchronized (fileLock) {
            return removeBeyondRetention(keep);
        }
    }

    private int removeBeyondRetention(int keep) {
        try {
            List<BackupFile> removed = backups.removeAllButNewest(keep);
            metrics.add(Counter.BACKUP_CLEANUP, removed.size());
            removed.forEach(backup -> LOG.debug("Removed backup {} beyond the newest {}", backup.fileName(), keep));
            return removed.size();
        } catch (IOException e) {
            LOG.warn("Cannot remove old backups in {}: {}", backups.directory(), e.toString());
            return 0;
        }
    }

    /** Also removes temporary files that writes interrupted by a crash left behind (not counted in the result). */
    @Override
    public int cleanupStaleFiles() {
        long now = clock.millis();
        long maxAgeMillis = Duration.ofDays(settings.backupMaxAgeDays()).toMillis();
        synchronized (fileLock) {
            int removed = 0;
            try {
                List<BackupFile> stale = backups.removeOlderThan(now - maxAgeMillis);
                removed = stale.size();
                metrics.add(Counter.BACKUP_CLEANUP, removed);
                if (removed > 0) {
                    LOG.info("Removed {} backups older than {} days from {}", removed, settings.backupMaxAgeDays(),
                            backups.directory());
                }
            } catch (IOException e) {
                LOG.warn("Cannot remove stale backups in {}: {}", backups.directory(), e.toString());
            }
            removeOrphanedTemporaryFiles(now - ORPHAN_MIN_AGE.toMillis());
            return removed;
        }
    }

    private void removeOrphanedTemporaryFiles(long cutoffMillis) {
        for (Path dir : List.of(directory, backups.directory())) {
            try {
                int removed = OrphanedTemporaryFiles.removeOlderThan(dir, cutoffMillis);
                if (removed > 0) {
                    LOG.info("Removed {} temporary files left by interrupted writes in {}", removed, dir);
                }
            } catch (IOException e) {
                LOG.warn("Cannot remove leftover temporary files in {}: {}", dir, e.toString());
            }
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

    /** A candidate of the recovery chain that failed validation; {@code file} is relative to the directory. */
    private record Rejection(String file, String reason) {
        String line() {
            return file + ": " + reason;
        }
    }
}

package net.sonic.portsyncd.testkit.fake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;

/**
 * The port state file in memory: {@link #load} returns what was saved last (or {@link #seed}ed as a previous run's
 * file), a save replaces it, a rotation copies it to a backup. A coalesced save is made at once (a coalescing
 * interval of zero). Every save is kept for the test to read, and saves and rotations can be made to fail
 * ({@link #failSaves}, {@link #failRotations}). Backups can be {@link #seedBackup seeded} as a previous run's;
 * they are old only once a test says so ({@link #staleBefore}). The maintenance calls (rotate and the cleanups) are
 * recorded in order, for the test to see what an operator's command asked of the store.
 */
public final class FakeStateStore implements PortStateStore {
    private String bootId;
    private PortStateSnapshot live;
    private final List<BackupFile> backups = new ArrayList<>();
    private final List<PortStateSnapshot> saves = new ArrayList<>();
    private final List<String> maintenanceCalls = new ArrayList<>();
    private IOException saveFailure;
    private IOException rotateFailure;
    private long staleBeforeMillis = Long.MIN_VALUE;
    private int failedSaves;
    private int rotations;

    public FakeStateStore(String bootId) {
        this.bootId = bootId;
    }

    /** The file a previous run left, as the next {@link #load} finds it. */
    public synchronized void seed(PortStateSnapshot snapshot) {
        live = snapshot;
    }

    /** Saves throw {@code failure} from now on; null lets them succeed again. */
    public synchronized void failSaves(IOException failure) {
        saveFailure = failure;
    }

    /** A backup a previous run left, newer than those seeded before it. */
    public synchronized void seedBackup(BackupFile backup) {
        backups.add(0, backup);
    }

    /** Rotations throw {@code failure} from now on; null lets them succeed again. */
    public synchronized void failRotations(IOException failure) {
        rotateFailure = failure;
    }

    /** Backups created before {@code createdAtMillis} are older than the maximum age from now on. */
    public synchronized void staleBefore(long createdAtMillis) {
        staleBeforeMillis = createdAtMillis;
    }

    /**
     * The maintenance calls made, oldest first: {@code rotate}, {@code cleanupBackups(<keep>)} and
     * {@code cleanupStaleFiles}.
     */
    public synchronized List<String> maintenanceCalls() {
        return List.copyOf(maintenanceCalls);
    }

    public synchronized void setBootId(String bootId) {
        this.bootId = bootId;
    }

    /** Every successful save, oldest first. */
    public synchronized List<PortStateSnapshot> saves() {
        return List.copyOf(saves);
    }

    public synchronized Optional<PortStateSnapshot> live() {
        return Optional.ofNullable(live);
    }

    public synchronized int failedSaves() {
        return failedSaves;
    }

    @Override
    public synchronized LoadOutcome load() {
        return live == null ? new LoadOutcome(Optional.empty(), "none", List.of())
                : new LoadOutcome(Optional.of(live), "live", List.of());
    }

    @Override
    public synchronized void save(PortStateSnapshot snapshot) throws IOException {
        if (saveFailure != null) {
            failedSaves++;
            throw saveFailure;
        }
        live = snapshot;
        saves.add(snapshot);
    }

    /** A failing coalesced save is the store's to report: it is counted and not thrown. */
    @Override
    public synchronized void saveCoalesced(Supplier<PortStateSnapshot> snapshot) {
        try {
            save(snapshot.get());
        } catch (IOException counted) {
            // counted in failedSaves; the caller of a coalesced save never sees a failure
        }
    }

    @Override
    public synchronized Optional<BackupFile> rotate() throws IOException {
        maintenanceCalls.add("rotate");
        if (rotateFailure != null) {
            throw rotateFailure;
        }
        if (live == null) {
            return Optional.empty();
        }
        BackupFile backup = new BackupFile("port_state.json." + ++rotations, live.savedAtMillis(),
                live.toString().length());
        backups.add(0, backup);
        return Optional.of(backup);
    }

    @Override
    public synchronized List<BackupFile> listBackups() {
        return List.copyOf(backups);
    }

    @Override
    public synchronized int cleanupBackups(int keep) {
        maintenanceCalls.add("cleanupBackups(" + keep + ")");
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, was " + keep);
        }
        int removed = 0;
        while (backups.size() > keep) {
            backups.remove(backups.size() - 1);
            removed++;
        }
        return removed;
    }

    @Override
    public synchronized int cleanupStaleFiles() {
        maintenanceCalls.add("cleanupStaleFiles");
        int before = backups.size();
        backups.removeIf(backup -> backup.createdAtMillis() < staleBeforeMillis);
        return before - backups.size();
    }

    @Override
    public synchronized String currentBootId() {
        return bootId;
    }
}

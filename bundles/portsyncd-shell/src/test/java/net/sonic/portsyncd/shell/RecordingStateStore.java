package net.sonic.portsyncd.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;

/** A state store holding its backups in a list, newest first, and recording the operator's calls in order. */
final class RecordingStateStore implements PortStateStore {
    final List<BackupFile> backups = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    boolean liveFile = true;
    IOException rotateFailure;
    int staleToRemove;

    @Override
    public LoadOutcome load() {
        throw new UnsupportedOperationException("the shell never loads");
    }

    @Override
    public void save(PortStateSnapshot snapshot) {
        throw new UnsupportedOperationException("the shell saves through the sync engine");
    }

    @Override
    public void saveCoalesced(Supplier<PortStateSnapshot> snapshot) {
        throw new UnsupportedOperationException("the shell saves through the sync engine");
    }

    @Override
    public Optional<BackupFile> rotate() throws IOException {
        calls.add("rotate");
        if (rotateFailure != null) {
            throw rotateFailure;
        }
        if (!liveFile) {
            return Optional.empty();
        }
        BackupFile backup = new BackupFile("port_state.json.bak." + (backups.size() + 1), 1_000L * backups.size(), 512);
        backups.add(0, backup);
        return Optional.of(backup);
    }

    @Override
    public List<BackupFile> listBackups() {
        return List.copyOf(backups);
    }

    @Override
    public int cleanupBackups(int keep) {
        calls.add("cleanupBackups(" + keep + ")");
        int removed = 0;
        while (backups.size() > keep) {
            backups.remove(backups.size() - 1);
            removed++;
        }
        return removed;
    }

    @Override
    public int cleanupStaleFiles() {
        calls.add("cleanupStaleFiles");
        int removed = Math.min(staleToRemove, backups.size());
        for (int i = 0; i < removed; i++) {
            backups.remove(backups.size() - 1);
        }
        return removed;
    }

    @Override
    public String currentBootId() {
        return "00000000-0000-0000-0000-000000000000";
    }
}

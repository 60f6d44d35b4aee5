package net.sonic.portsyncd.shell;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.sync.SyncStatus;

/** A sync engine with a fixed status and port list that counts state saves. */
final class FixedSyncService implements PortSyncService {
    SyncStatus status;
    List<PortView> ports = List.of();
    boolean storeAvailable = true;
    int saves;

    @Override
    public SyncStatus status() {
        return status;
    }

    @Override
    public List<PortView> ports() {
        return ports;
    }

    @Override
    public CompletionStage<ResyncResult> resync() {
        return CompletableFuture.completedFuture(new ResyncResult(ports.size(), 0, 0, 1));
    }

    @Override
    public boolean saveStateNow() {
        saves++;
        return storeAvailable;
    }
}

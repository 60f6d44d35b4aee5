package net.sonic.portsyncd.metrics.jmx;

import static net.sonic.portsyncd.metrics.jmx.OperatorCalls.call;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.metrics.WarmRestartMBean;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.metrics.jmx.codec.BackupRows;
import net.sonic.portsyncd.metrics.jmx.codec.TransitionRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The warm-restart lifecycle and the state store as {@link WarmRestartMBean}. */
public class WarmRestartMBeanImpl implements WarmRestartMBean {
    private static final Logger LOG = LoggerFactory.getLogger(WarmRestartMBeanImpl.class);

    private final WarmRestartLifecycle lifecycle;
    private final PortStateStore store;
    private final AtomicReference<PortSyncService> syncEngine = new AtomicReference<>();

    public WarmRestartMBeanImpl(WarmRestartLifecycle lifecycle, PortStateStore store) {
        this.lifecycle = lifecycle;
        this.store = store;
    }

    public void syncEngineAvailable(PortSyncService engine) {
        syncEngine.set(engine);
    }

    public void syncEngineGone(PortSyncService engine) {
        syncEngine.compareAndSet(engine, null);
    }

    @Override
    public String getMode() {
        return lifecycle.lastDecision().map(decision -> decision.mode().name()).orElse("NONE");
    }

    @Override
    public String getReason() {
        return lifecycle.lastDecision().map(StartDecision::reason).orElse("");
    }

    @Override
    public boolean isHotSwap() {
        return lifecycle.lastDecision().map(StartDecision::hotSwap).orElse(false);
    }

    @Override
    public String getState() {
        return lifecycle.state().name();
    }

    @Override
    public TabularData getTransitions() {
        return TransitionRows.tableOf(lifecycle.transitions());
    }

    @Override
    public long getEoiuTimeoutSeconds() {
        return lifecycle.eoiuTimeout().toSeconds();
    }

    @Override
    public void setEoiuTimeoutSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("EoiuTimeoutSeconds must not be negative, was " + seconds);
        }
        call("setting the EOIU timeout", () -> {
            lifecycle.setEoiuTimeout(Duration.ofSeconds(seconds));
            return null;
        });
        LOG.info("EOIU timeout set to {} s over JMX", seconds);
    }

    @Override
    public long getInitialSyncElapsedMillis() {
        return lifecycle.initialSyncElapsedMillis();
    }

    @Override
    public boolean isSyncEngineAvailable() {
        return syncEngine.get() != null;
    }

    @Override
    public boolean forceCompleteInitialSync() {
        boolean forced = call("forcing the initial sync to complete", lifecycle::forceCompleteInitialSync);
        LOG.info("Initial sync completion forced over JMX: {}", forced ? "done" : "no sync was running");
        return forced;
    }

    @Override
    public boolean saveState() {
        PortSyncService engine = syncEngine.get();
        if (engine == null) {
            throw new IllegalStateException("the sync engine is not running, so there is no port state to save");
        }
        boolean saved = call("saving the port state", engine::saveStateNow);
        LOG.info("Port state save requested over JMX: {}", saved ? "saved" : "no state store available");
        return saved;
    }

    @Override
    public String rotateStateFile() {
        BackupFile backup = call("rotating the state file", () -> {
            try {
                return store.rotate().orElseThrow(
                        () -> new IllegalStateException("there is no live state file to rotate"));
            } catch (IOException e) {
                throw OperatorCalls.portable("rotating the state file", e);
            }
        });
        LOG.info("State file rotated over JMX to backup {}", backup.fileName());
        return backup.fileName();
    }

    @Override
    public int cleanupBackups(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 or more backups, was " + keep);
        }
        int removed = call("cleaning up backups", () -> store.cleanupBackups(keep));
        LOG.info("Backup cleanup over JMX kept {} and removed {}", keep, removed);
        return removed;
    }

    @Override
    public int cleanupStaleFiles() {
        int removed = call("removing stale backups", store::cleanupStaleFiles);
        LOG.info("Stale backup cleanup over JMX removed {}", removed);
        return removed;
    }

    @Override
    public TabularData listBackups() {
        return BackupRows.tableOf(call("listing backups", store::listBackups));
    }
}

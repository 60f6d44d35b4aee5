package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.files.RefusedPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STATE_SAVE_FAILED (MAJOR) of one store: up while saves fail or while a path of the store is refused (a symbolic
 * link, the wrong kind of file, another user's directory); cleared once a save succeeds and every path is usable.
 * Each failed save is counted and logged; a refusal is logged once (one ERROR line naming the path and what is
 * there) until it is gone.
 */
final class SaveAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(StateFileStore.class);

    private final Path liveFile;
    private final MetricsRecorder metrics;
    private final AlarmService alarms;
    /** Saves failed since the last one that succeeded. */
    private long failedSaves;
    /** The path refused at the last look, null when every path was usable. */
    private Path refusedPath;
    private boolean raised;

    SaveAlarm(Path liveFile, MetricsRecorder metrics, AlarmService alarms) {
        this.liveFile = liveFile;
        this.metrics = metrics;
        this.alarms = alarms;
    }

    synchronized void saveFailed(Exception e) {
        String cause = e instanceof IOException io ? Reasons.ofFailure(io) : Reasons.oneLine(e.toString());
        failedSaves++;
        metrics.increment(Counter.STATE_SAVE_FAILURES);
        if (e instanceof RefusedPathException refused) {
            logRefusal(refused, "the port state is not saved");
        } else {
            LOG.warn("Saving the port state to {} failed ({} in a row): {}; port state is unaffected", liveFile,
                    failedSaves, cause);
        }
        raised = true;
        alarms.raise(AlarmType.STATE_SAVE_FAILED, AlarmSeverity.MAJOR,
                "saving the port state to " + liveFile + " failed: " + cause + "; port state is unaffected",
                Map.of("file", liveFile.toString(), "cause", cause, "failures", Long.toString(failedSaves)));
    }

    /** A path the store needs is refused; {@code consequence} says what the store does not do because of it. */
    synchronized void refused(RefusedPathException e, String consequence) {
        logRefusal(e, consequence);
        String cause = Reasons.oneLine(e.getMessage());
        raised = true;
        alarms.raise(AlarmType.STATE_SAVE_FAILED, AlarmSeverity.MAJOR, cause + ": " + consequence,
                Map.of("file", e.path().toString(), "cause", cause, "found", Reasons.oneLine(e.found()),
                        "failures", Long.toString(failedSaves)));
    }

    /** A save succeeded; the alarm stays until {@link #pathsUsable()} says that nothing is refused either. */
    synchronized void saved() {
        if (failedSaves > 0) {
            LOG.info("Port state saved to {} again after {} failed saves", liveFile, failedSaves);
            failedSaves = 0;
        }
    }

    /** Every path of the store was found usable: clears the alarm unless saves are still failing. */
    synchronized void pathsUsable() {
        if (refusedPath != null) {
            LOG.info("{} is no longer refused", refusedPath);
            refusedPath = null;
        }
        if (raised && failedSaves == 0) {
            raised = false;
            alarms.clear(AlarmType.STATE_SAVE_FAILED, "port state saved to " + liveFile + ", every path usable");
        }
    }

    private void logRefusal(RefusedPathException e, String consequence) {
        if (e.path().equals(refusedPath)) {
            LOG.debug("Still refused: {}", e.getMessage());
            return;
        }
        refusedPath = e.path();
        LOG.error("{}: {}", Reasons.oneLine(e.getMessage()), consequence);
    }
}

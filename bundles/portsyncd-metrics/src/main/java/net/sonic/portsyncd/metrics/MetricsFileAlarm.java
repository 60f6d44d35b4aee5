package net.sonic.portsyncd.metrics;

import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.support.files.RefusedPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * METRICS_FILE_REFUSED (MINOR) while {@code metrics.json} or its directory is refused. The metrics load before the
 * alarm service is bound, so a refusal found then is kept and raised when a service binds; each refused path is
 * logged once, as one ERROR line naming it and what is there.
 */
final class MetricsFileAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

    private AlarmService alarms;
    private RefusedPathException refusal;
    private String consequence;
    /** A newly bound service may hold the alarm of an earlier incarnation of the metrics: the next save clears it. */
    private boolean raisedBefore;

    synchronized void bind(AlarmService service) {
        alarms = service;
        if (refusal != null) {
            raise();
        } else {
            raisedBefore = true;
        }
    }

    synchronized void unbind(AlarmService service) {
        if (alarms == service) {
            alarms = null;
        }
    }

    synchronized void refused(RefusedPathException e, String whatIsNotDone) {
        if (refusal == null || !refusal.path().equals(e.path())) {
            LOG.error("{}: {}", e.getMessage(), whatIsNotDone);
        }
        refusal = e;
        consequence = whatIsNotDone;
        raise();
    }

    /** The file was saved: nothing is refused any more. */
    synchronized void usable() {
        if (refusal == null && !raisedBefore) {
            return;
        }
        if (refusal != null) {
            LOG.info("{} is no longer refused; metrics saved", refusal.path());
        }
        refusal = null;
        raisedBefore = false;
        if (alarms != null) {
            try {
                alarms.clear(AlarmType.METRICS_FILE_REFUSED, "metrics saved");
            } catch (RuntimeException e) {
                LOG.warn("Cannot clear alarm {}", AlarmType.METRICS_FILE_REFUSED, e);
            }
        }
    }

    private void raise() {
        if (alarms == null) {
            return;
        }
        try {
            alarms.raise(AlarmType.METRICS_FILE_REFUSED, AlarmSeverity.MINOR,
                    refusal.getMessage() + ": " + consequence,
                    Map.of("file", refusal.path().toString(), "found", refusal.found(), "cause", refusal.getMessage()));
        } catch (RuntimeException e) {
            // the alarm is a side channel: counting goes on whatever happens to it
            LOG.warn("Cannot raise alarm {}", AlarmType.METRICS_FILE_REFUSED, e);
        }
    }
}

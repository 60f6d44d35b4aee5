package net.sonic.portsyncd.remote;

import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REMOTE_ACCESS_FAILED: MAJOR while remote access is on and closed because it cannot be served as configured, MINOR
 * while a rotated key or CA is refused and the previous one is still served. Each distinct cause is one ERROR line;
 * the state is kept, so that an alarm service bound later (or again) is told.
 */
final class RemoteAccessAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccessAlarm.class);

    private AlarmService alarms;
    private AlarmSeverity severity;
    private String text;
    private String cause;

    synchronized void bind(AlarmService service) {
        alarms = service;
        if (severity != null) {
            raise();
        }
    }

    synchronized void unbind(AlarmService service) {
        if (alarms == service) {
            alarms = null;
        }
    }

    /** Nothing listens: {@code cause} says why. */
    synchronized void closed(String cause) {
        report(AlarmSeverity.MAJOR, "Remote access is closed: " + cause, cause);
    }

    /** The previous certificate and CAs are still served; the new ones are refused for {@code cause}. */
    synchronized void keptPrevious(String cause) {
        report(AlarmSeverity.MINOR, "Remote access keeps its previous certificate and CAs: " + cause, cause);
    }

    /** Also clears an alarm raised by an earlier instance of this component. */
    synchronized void clear(String why) {
        severity = null;
        text = null;
        cause = null;
        if (alarms != null) {
            try {
                alarms.clear(AlarmType.REMOTE_ACCESS_FAILED, why);
            } catch (RuntimeException e) {
                LOG.warn("Cannot clear alarm {}", AlarmType.REMOTE_ACCESS_FAILED, e);
            }
        }
    }

    private void report(AlarmSeverity newSeverity, String newText, String newCause) {
        if (newText.equals(text)) {
            return;
        }
        LOG.error(newText);
        severity = newSeverity;
        text = newText;
        cause = newCause;
        raise();
    }

    private void raise() {
        if (alarms == null) {
            return;
        }
        try {
            alarms.raise(AlarmType.REMOTE_ACCESS_FAILED, severity, text, Map.of("cause", cause));
        } catch (RuntimeException e) {
            // the alarm is a side channel: remote access stays as it is whatever happens to it
            LOG.warn("Cannot raise alarm {}", AlarmType.REMOTE_ACCESS_FAILED, e);
        }
    }
}

package net.sonic.portsyncd.netlink;

import java.util.Map;

import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;

/**
 * The NETLINK_OVERRUN alarm of one capture. Each overrun raises it (WARNING, MAJOR when messages are lost again
 * before a resync caught up); it clears when a resync dump sent after the latest overrun has been delivered, as
 * only such a dump is known to reflect everything that was lost. The capture thread reports overruns and resync
 * sends, whichever thread delivers reports resync completions; one lock orders them.
 */
final class OverrunAlarm {
    private final AlarmService alarms;
    private final String namespace;
    private boolean raised;
    private long overruns;
    private long unresolvedOverruns;
    /** The resync dump whose delivery clears the alarm, once one was sent after the latest overrun. */
    private Integer clearingResync;

    OverrunAlarm(AlarmService alarms, String namespace) {
        this.alarms = alarms;
        this.namespace = namespace;
    }

    /** Capture thread: messages were lost for {@code cause}. */
    synchronized void overrun(OverrunCause cause) {
        overruns++;
        unresolvedOverruns++;
        clearingResync = null;
        AlarmSeverity severity = raised ? AlarmSeverity.MAJOR : AlarmSeverity.WARNING;
        raised = true;
        alarms.raise(AlarmType.NETLINK_OVERRUN, severity,
                "netlink messages lost in " + namespace + ": " + cause.description(),
                Map.of("namespace", namespace,
                        "cause", cause.id(),
                        "overruns", Long.toString(overruns),
                        "unresolvedOverruns", Long.toString(unresolvedOverruns)));
    }

    /** Capture thread: the resync dump {@code sequence} was sent. */
    synchronized void resyncSent(int sequence) {
        if (raised) {
            clearingResync = sequence;
        }
    }

    /** Delivering thread: listeners have received the resync dump {@code sequence}. */
    synchronized void resyncDelivered(int sequence, int links) {
        if (raised && clearingResync != null && clearingResync == sequence) {
            clear("resynchronised with the kernel by dump " + sequence + " (" + links + " links) after "
                    + unresolvedOverruns + " overruns");
        }
    }

    /** The capture stopped: nothing is lost any more and nothing will clear the alarm later. */
    synchronized void captureClosed() {
        if (raised) {
            clear("netlink capture in " + namespace + " stopped");
        }
    }

    private void clear(String text) {
        raised = false;
        unresolvedOverruns = 0;
        clearingResync = null;
        alarms.clear(AlarmType.NETLINK_OVERRUN, text);
    }
}

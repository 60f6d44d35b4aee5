package net.sonic.portsyncd.netlink;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows, for one capture, what its configured namespace name means: whether {@code /var/run/netns/<name>} still
 * names the namespace the sockets were opened in (a stat, which never enters it), and opening the sockets again in
 * whatever it names after a loss. Owns the NETNS_UNAVAILABLE alarm: raised while the capture is not attached,
 * cleared once listeners have received the view of the namespace it attached to. The capture thread calls
 * everything except {@link #viewDelivered} (the delivering thread), {@link #stillNames} and {@link #notAttached}
 * (any thread); one lock orders the alarm calls. The process's own namespace (empty name) is never watched.
 */
final class NamespaceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatch.class);
    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CaptureSettings settings;
    private final Path path;
    private final AlarmService alarms;
    private final CaptureCounters counters;
    /** The alarm text while the capture is not attached, null while it is. */
    private volatile String unavailable;
    /** The attachment whose delivered view clears the alarm; null while detached. */
    private Attachment current;
    private boolean attachedBefore;
    /** The last failure to open the sockets in an existing namespace, logged at WARN only when it changes. */
    private String lastFailure;

    NamespaceWatch(CaptureSettings settings, AlarmService alarms, CaptureCounters counters) {
        this.settings = settings;
        this.path = NetworkNamespace.RUN_DIRECTORY.resolve(settings.netns());
        this.alarms = alarms;
        this.counters = counters;
    }

    /** Any thread: false once the path no longer names the namespace this attachment's sockets are in. */
    boolean stillNames(Attachment attachment) {
        return attachment.identity() == null || attachment.identity().equals(NamespaceIdentity.of(path));
    }

    /** How an attached namespace was lost: {@code event} for alarm details, {@code text} for people. */
    record Loss(String event, String text) {
    }

    /** What became of the attached namespace, or null when the path still names it. */
    Loss lost(Attachment attachment) {
        NamespaceIdentity opened = attachment.identity();
        if (opened == null) {
            return null;
        }
        NamespaceIdentity now = NamespaceIdentity.of(path);
        if (now == null) {
            return new Loss("deleted", "was deleted");
        }
        return now.equals(opened) ? null
                : new Loss("replaced", "was replaced (inode " + opened.inode() + " -> " + now.inode() + ")");
    }

    /**
     * Opens the sockets in the namespace the path names now (on the short-lived thread that enters it). Null when
     * there is nothing at the path (checked first, so a missing namespace costs one stat per call) or opening
     * failed; the alarm then says which.
     */
    Attachment attach() {
        if (NamespaceIdentity.of(path) == null) {
            if (unavailable == null || lastFailure != null) {
                lastFailure = null;
                unavailable("does not exist", "missing");
                LOG.warn("network namespace '{}' does not exist ({}); the capture attaches when it appears",
                        settings.netns(), path);
            }
            return null;
        }
        Attachment attachment;
        try {
            attachment = Attachment.open(settings);
        } catch (NetlinkSocketException | RuntimeException e) {
            String failure = e.getMessage();
            if (!failure.equals(lastFailure)) {
                lastFailure = failure;
                LOG.warn("cannot attach to network namespace '{}': {}; retrying every second", settings.netns(),
                        failure);
                unavailable("cannot be attached: " + failure, "unusable");
            }
            return null;
        }
        lastFailure = null;
        synchronized (this) {
            current = attachment;
        }
        LOG.info("netlink capture attached to network namespace '{}' (inode {}, port id {})", settings.netns(),
                attachment.identity().inode(), attachment.portId());
        return attachment;
    }

    /**
     * Capture thread: the sockets were closed because of {@code loss}; raises the alarm until listeners have the
     * view of a new attachment.
     */
    void detached(Loss loss) {
        synchronized (this) {
            current = null;
        }
        LOG.warn("network namespace '{}' {}: its sockets are closed and listeners are told its links are gone; "
                + "the capture attaches again when the name names a namespace", settings.netns(), loss.text());
        unavailable(loss.text(), loss.event());
    }

    /**
     * Delivering thread: listeners have received the view that followed {@code attachment}. Clears the alarm
     * unless the capture has lost that attachment meanwhile; a re-attachment after a loss is counted.
     */
    synchronized void viewDelivered(Attachment attachment, DumpCompletion completion) {
        if (current != attachment) {
            return;
        }
        String verb = attachedBefore ? "re-attached" : "attached";
        if (attachedBefore) {
            counters.reattach();
        }
        attachedBefore = true;
        String text = verb + " to network namespace '" + settings.netns() + "' (inode "
                + attachment.identity().inode() + "); listeners have its " + completion.links().size() + " links";
        unavailable = null;
        alarms.clear(AlarmType.NETNS_UNAVAILABLE, text);
        LOG.info("{}", text);
    }

    /** Capture thread: the first attachment, made at start, needs no view to clear anything. */
    synchronized void attachedAtStart() {
        attachedBefore = true;
    }

    /** The capture stopped: whatever the namespace does now is no longer its concern. */
    synchronized void captureClosed() {
        current = null;
        if (unavailable != null) {
            unavailable = null;
            alarms.clear(AlarmType.NETNS_UNAVAILABLE, "netlink capture of network namespace '" + settings.netns()
                    + "' stopped");
        }
    }

    /** Any thread: why a dump cannot be sent now. */
    IllegalStateException notAttached() {
        String text = unavailable;
        return new IllegalStateException("netlink capture not attached: network namespace '" + settings.netns()
                + "' " + (text == null ? "was lost" : text) + "; listeners get its links as a resync view once the "
                + "capture is attached again");
    }

    private synchronized void unavailable(String what, String event) {
        unavailable = what;
        alarms.raise(AlarmType.NETNS_UNAVAILABLE, AlarmSeverity.MAJOR,
                "network namespace '" + settings.netns() + "' " + what,
                Map.of("namespace", settings.netns(), "path", path.toString(), "event", event));
    }
}

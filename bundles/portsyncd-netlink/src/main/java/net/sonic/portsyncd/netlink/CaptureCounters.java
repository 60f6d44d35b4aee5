package net.sonic.portsyncd.netlink;

import java.util.concurrent.atomic.AtomicLong;

import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;

/** The counters of one capture, mirrored into the metrics recorder where a portsyncd counter exists. */
final class CaptureCounters {
    private final MetricsRecorder metrics;
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong linkEvents = new AtomicLong();
    private final AtomicLong parseErrors = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong spoofed = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong dumps = new AtomicLong();

    CaptureCounters(MetricsRecorder metrics) {
        this.metrics = metrics;
    }

    void datagram() {
        datagrams.incrementAndGet();
    }

    /** Messages parsed from a kernel datagram; link messages also count as received for portsyncd's metrics. */
    void parsed(int allMessages, int linkMessages) {
        messages.addAndGet(allMessages);
        if (linkMessages > 0) {
            metrics.add(Counter.NETLINK_RECEIVED, linkMessages);
        }
    }

    void delivered(int events) {
        linkEvents.addAndGet(events);
    }

    /** @return the new total */
    long parseErrors(int count) {
        metrics.add(Counter.NETLINK_PARSE_ERRORS, count);
        return parseErrors.addAndGet(count);
    }

    long overrun() {
        metrics.increment(Counter.NETLINK_OVERRUNS);
        return overruns.incrementAndGet();
    }

    void resync() {
        metrics.increment(Counter.NETLINK_RESYNCS);
        resyncs.incrementAndGet();
    }

    long spoofed() {
        metrics.increment(Counter.NETLINK_SPOOFED);
        return spoofed.incrementAndGet();
    }

    void reattach() {
        metrics.increment(Counter.NETNS_REATTACHES);
    }

    void listenerFailure() {
        listenerFailures.incrementAndGet();
    }

    void dump() {
        dumps.incrementAndGet();
    }

    CaptureStatistics snapshot() {
        return new CaptureStatistics(datagrams.get(), messages.get(), linkEvents.get(), parseErrors.get(),
                overruns.get(), resyncs.get(), spoofed.get(), listenerFailures.get(), dumps.get());
    }
}

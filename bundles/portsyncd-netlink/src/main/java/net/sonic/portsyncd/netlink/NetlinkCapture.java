package net.sonic.portsyncd.netlink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;

/** The rtnetlink link capture of one network namespace (being implemented; signature is final). */
public final class NetlinkCapture implements LinkCapture, AutoCloseable {
    private final String netns;

    private NetlinkCapture(String netns) {
        this.netns = netns;
    }

    public static NetlinkCapture start(String netns, int receiveBufferBytes, LinkListener listener,
            MetricsRecorder metrics) {
        return new NetlinkCapture(netns);
    }

    @Override
    public String namespace() {
        return netns;
    }

    @Override
    public CompletionStage<DumpCompletion> requestDump() {
        return CompletableFuture.completedFuture(new DumpCompletion(1, List.of(), false, System.nanoTime()));
    }

    @Override
    public void setAdminDown(int ifindex) throws LinkControlException {
        throw new LinkControlException("not yet available", 0);
    }

    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}

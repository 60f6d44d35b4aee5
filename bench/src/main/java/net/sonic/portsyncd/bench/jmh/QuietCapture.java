package net.sonic.portsyncd.bench.jmh;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;

/**
 * A link capture with no kernel behind it: every dump is answered at once with no links, so the engine's
 * start-up completes and every link message it then handles is one the benchmark hands it.
 */
final class QuietCapture implements LinkCapture {
    private final AtomicInteger sequences = new AtomicInteger();

    @Override
    public String namespace() {
        return "";
    }

    @Override
    public boolean attached() {
        return true;
    }

    @Override
    public CompletionStage<DumpCompletion> requestDump() {
        return CompletableFuture.completedFuture(new DumpCompletion(sequences.incrementAndGet(), List.of(), false,
                System.nanoTime()));
    }

    @Override
    public void setAdminDown(int ifindex) throws LinkControlException {
        throw new LinkControlException("the benchmark capture has no links", 19);
    }

    @Override
    public CaptureStatistics statistics() {
        return new CaptureStatistics(0, 0, 0, 0, 0, 0, 0, 0, sequences.get());
    }
}

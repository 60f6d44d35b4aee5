package net.sonic.portsyncd.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.netlink.LinkRequestSocket;
import net.sonic.portsyncd.netlink.NetworkNamespace;

/**
 * Makes kernel link changes through rtnetlink, as {@code ip link set} does but without a process per change: a
 * thread of its own enters the namespace and opens a request socket there; every change returns once the
 * kernel has acknowledged it.
 */
public final class LinkDriver {
    /** The storm's changes are the same sequence in every run and every benchmark. */
    private static final long STORM_SEED = 100_000;

    /** Work done with the namespace's request socket. */
    public interface Script<T> {
        T run(LinkRequestSocket requests) throws Exception;
    }

    /** When a storm's first change was made and its last acknowledged ({@link System#nanoTime}). */
    public record Window(long started, long ended) {
        public long nanos() {
            return ended - started;
        }
    }

    private LinkDriver() {
    }

    public static <T> T inNamespace(String netns, Script<T> script) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                NetworkNamespace.enter(netns);
                try (LinkRequestSocket requests = LinkRequestSocket.open()) {
                    result.complete(script.run(requests));
                }
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        }, "bench-link-driver");
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("link driver failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * {@code changes} admin changes as fast as the kernel acknowledges them, each setting a random one of
     * {@code ports} up or down at random.
     */
    public static Window storm(String netns, List<String> ports, Map<String, Integer> ifindexes, int changes)
            throws InterruptedException {
        int portCount = ports.size();
        return inNamespace(netns, requests -> {
            Random random = new Random(STORM_SEED);
            long started = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                String port = ports.get(random.nextInt(portCount));
                requests.setFlags(ifindexes.get(port), random.nextBoolean() ? LinkEvent.IFF_UP : 0, LinkEvent.IFF_UP);
            }
            return new Window(started, System.nanoTime());
        });
    }
}

package net.sonic.portsyncd.bench.e2e;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.sonic.portsyncd.netlink.LinkRequestSocket;
import net.sonic.portsyncd.netlink.NetworkNamespace;

/**
 * Makes kernel link changes through rtnetlink, as {@code ip link set} does but without a process per change: a
 * thread of its own enters the namespace and opens a request socket there; every change returns once the
 * kernel has acknowledged it.
 */
final class LinkDriver {
    /** Work done with the namespace's request socket. */
    interface Script<T> {
        T run(LinkRequestSocket requests) throws Exception;
    }

    private LinkDriver() {
    }

    static <T> T inNamespace(String netns, Script<T> script) throws InterruptedException {
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
}

package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Named network namespaces as {@code ip netns} keeps them ({@code /var/run/netns/<name>}). Entering one moves only
 * the calling thread: a socket opened afterwards lives in that namespace for good, whichever thread uses it later.
 */
public final class NetworkNamespace {
    /** Where {@code ip netns add} mounts the namespaces. */
    public static final Path RUN_DIRECTORY = Path.of("/var/run/netns");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,255}");

    private NetworkNamespace() {
    }

    /**
     * Checks a configured namespace name: empty (the process's own namespace) or a plain file name under
     * {@link #RUN_DIRECTORY}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String validate(String name) {
        if (name == null) {
            throw new IllegalArgumentException("network namespace name must not be null (use \"\" for the own one)");
        }
        if (!name.isEmpty() && (!VALID_NAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            throw new IllegalArgumentException("invalid network namespace name '" + name
                    + "': expected a name under " + RUN_DIRECTORY + " (letters, digits, '_', '.', '-', ':', '@', '+')");
        }
        return name;
    }

    /** Moves the calling thread into the named namespace; the empty name leaves it where it is. */
    public static void enter(String name) throws NetlinkSocketException {
        if (validate(name).isEmpty()) {
            return;
        }
        String path = RUN_DIRECTORY.resolve(name).toString();
        int fd;
        try {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("open(" + path + ")", e);
        }
        try {
            LibC.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("setns(" + path + ", CLONE_NEWNET)", e);
        } finally {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    /** Work that opens descriptors inside a namespace. */
    @FunctionalInterface
    interface Opening<T> {
        T open() throws NetlinkSocketException;
    }

    /**
     * Runs {@code opening} on a short-lived thread that enters the named namespace and ends with it, so that the
     * threads which later use the descriptors (and call listeners that open connections of their own) stay in
     * the process's namespace. The empty name runs it on the calling thread.
     */
    static <T> T openInside(String name, Opening<T> opening) throws NetlinkSocketException {
        if (validate(name).isEmpty()) {
            return opening.open();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                enter(name);
                result.complete(opening.open());
            } catch (NetlinkSocketException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "netlink-open-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NetlinkSocketException failure) {
                throw failure;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlinkSocketException("interrupted while opening sockets in namespace " + name, LibC.EINTR);
        }
    }
}

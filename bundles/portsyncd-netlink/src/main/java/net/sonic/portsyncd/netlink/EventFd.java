package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;

/** A non-blocking eventfd that another thread signals to wake a {@link Poller} at once. */
final class EventFd implements AutoCloseable {
    private final int fd;
    private final long[] one = {1L};
    private final long[] drained = new long[1];
    private boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
    }

    static EventFd open() throws NetlinkSocketException {
        try {
            return new EventFd(LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC));
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("eventfd", e);
        }
    }

    int fd() {
        return fd;
    }

    /** Wakes the poller; safe from any thread, a no-op once closed. */
    void signal() {
        synchronized (one) {
            if (closed) {
                return;
            }
            try {
                LibC.write(fd, one, 8);
            } catch (LastErrorException ignored) {
                // EAGAIN: the counter is saturated, so the poller is already woken
            }
        }
    }

    void drain() {
        try {
            LibC.read(fd, drained, 8);
        } catch (LastErrorException ignored) {
            // EAGAIN: already drained
        }
    }

    @Override
    public void close() {
        synchronized (one) {
            if (!closed) {
                closed = true;
                NetlinkSocket.closeQuietly(fd);
            }
        }
    }
}

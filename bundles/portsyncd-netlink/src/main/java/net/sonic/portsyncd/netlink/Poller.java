package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/** poll(2) on a fixed set of descriptors, waiting for input (errors and hang-ups count as ready). */
final class Poller {
    /** struct pollfd: fd int, events short, revents short. */
    private static final int POLLFD_SIZE = 8;
    private final Memory fds;
    private final int count;

    Poller(int... descriptors) {
        count = descriptors.length;
        fds = new Memory((long) POLLFD_SIZE * count);
        for (int i = 0; i < count; i++) {
            fds.setInt((long) i * POLLFD_SIZE, descriptors[i]);
            fds.setShort((long) i * POLLFD_SIZE + 4, LibC.POLLIN);
        }
    }

    /** Waits up to the timeout (negative: forever); an interrupted wait returns early with nothing ready. */
    void await(int timeoutMillis) throws NetlinkSocketException {
        for (int i = 0; i < count; i++) {
            fds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
        }
        try {
            LibC.poll(fds, count, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LibC.EINTR) {
                throw NetlinkSocketException.of("poll", e);
            }
        }
    }

    boolean ready(int index) {
        short revents = fds.getShort((long) index * POLLFD_SIZE + 6);
        return (revents & (LibC.POLLIN | LibC.POLLERR | LibC.POLLHUP)) != 0;
    }
}

package net.sonic.portsyncd.netlink;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.link.LinkControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A netlink socket for link change requests, kept apart from the capture socket so that acknowledgements never
 * mix with the notification stream. It lives in the namespace of the thread that opened it; calls are serialised.
 */
public final class LinkRequestSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRequestSocket.class);
    private static final long ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final NetlinkSocket socket;
    private final Poller poller;
    private final SequenceNumbers sequences = new SequenceNumbers();
    private boolean closed;

    private LinkRequestSocket(NetlinkSocket socket) {
        this.socket = socket;
        this.poller = new Poller(socket.fd());
    }

    /** Opens a request socket in the calling thread's network namespace. */
    public static LinkRequestSocket open() throws NetlinkSocketException {
        return new LinkRequestSocket(NetlinkSocket.open(0));
    }

    /**
     * Sets the flags selected by {@code change} to their values in {@code flags} (RTM_NEWLINK, ifi_change) and
     * waits for the kernel's acknowledgement.
     *
     * @throws LinkControlException with the kernel's errno when it refuses, ETIMEDOUT without an answer
     */
    public synchronized void setFlags(int ifindex, int flags, int change) throws LinkControlException {
        if (closed) {
            throw new LinkControlException("link request socket is closed", 0);
        }
        if (ifindex <= 0) {
            throw new LinkControlException("invalid ifindex " + ifindex, LibC.EINVAL);
        }
        int sequence = sequences.next();
        try {
            socket.send(NetlinkRequests.setLinkFlags(sequence, ifindex, flags, change), 0);
            int errno = awaitAck(sequence);
            if (errno != 0) {
                throw new LinkControlException("kernel refused RTM_NEWLINK for ifindex " + ifindex, errno);
            }
        } catch (NetlinkSocketException e) {
            throw new LinkControlException("RTM_NEWLINK for ifindex " + ifindex + ": " + e.getMessage(), e.errno());
        }
    }

    private int awaitAck(int sequence) throws NetlinkSocketException, LinkControlException {
        long deadline = System.nanoTime() + ACK_TIMEOUT_NANOS;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new LinkControlException("no acknowledgement within 5 s", LibC.ETIMEDOUT);
            }
            poller.await((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            ByteBuffer datagram;
            while ((datagram = socket.receive()) != null) {
                if (socket.lastSenderPortId() != 0) {
                    LOG.debug("dropped a datagram from port id {} on the request socket", socket.lastSenderPortId());
                    continue;
                }
                for (NetlinkMessage message : NetlinkParser.parse(datagram, System.nanoTime()).messages()) {
                    if (message instanceof NetlinkMessage.Error error && error.sequence() == sequence) {
                        return error.errno();
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}

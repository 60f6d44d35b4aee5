package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One AF_NETLINK/NETLINK_ROUTE socket, in the network namespace of the thread that opened it. Reads never block:
 * the owner waits with {@link Poller}. Not thread safe: one thread receives, sends are serialised by the owner.
 */
final class NetlinkSocket implements AutoCloseable {
    /** struct sockaddr_nl: sa_family u16, pad u16, nl_pid u32, nl_groups u32. */
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int INITIAL_BUFFER_BYTES = 32 * 1024;
    /** A datagram larger than this is read truncated and reported as such instead of growing the buffer. */
    static final int MAX_DATAGRAM_BYTES = 4 * 1024 * 1024;

    private final int fd;
    private final int portId;
    private final Memory sender = new Memory(SOCKADDR_NL_SIZE);
    private final Memory destination = new Memory(SOCKADDR_NL_SIZE);
    private final int[] senderLength = new int[1];
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES).order(ByteOrder.nativeOrder());
    private int lastSenderPortId;
    /** Length of the datagram at the head of the queue when its read failed after the peek; -1 otherwise. */
    private int peekedLength = -1;
    private boolean lastTruncated;
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /**
     * Opens and binds a socket with a kernel-assigned port id.
     *
     * @param groups netlink multicast group bit mask to bind with (0 for none)
     */
    static NetlinkSocket open(int groups) throws NetlinkSocketException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("socket(AF_NETLINK)", e);
        }
        try {
            Memory address = new Memory(SOCKADDR_NL_SIZE);
            address.clear();
            address.setShort(0, (short) LibC.AF_NETLINK);
            address.setInt(8, groups);
            LibC.bind(fd, address, SOCKADDR_NL_SIZE);
            int[] length = {SOCKADDR_NL_SIZE};
            LibC.getsockname(fd, address, length);
            return new NetlinkSocket(fd, address.getInt(4));
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw NetlinkSocketException.of("bind/getsockname(AF_NETLINK)", e);
        }
    }

    int fd() {
        return fd;
    }

    /** The port id the kernel assigned (nl_pid), which other sockets address us by. */
    int portId() {
        return portId;
    }

    void joinGroup(int group) throws NetlinkSocketException {
        try {
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_ADD_MEMBERSHIP, new int[] {group}, 4);
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("setsockopt(NETLINK_ADD_MEMBERSHIP " + group + ")", e);
        }
    }

    /**
     * Sets the receive buffer: SO_RCVBUFFORCE when the process may exceed net.core.rmem_max, SO_RCVBUF (capped by
     * it) otherwise.
     *
     * @return the size the kernel reports afterwards (it doubles the request for its own bookkeeping)
     */
    int setReceiveBuffer(int bytes) throws NetlinkSocketException {
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, new int[] {bytes}, 4);
        } catch (LastErrorException forced) {
            if (forced.getErrorCode() != LibC.EPERM) {
                throw NetlinkSocketException.of("setsockopt(SO_RCVBUFFORCE)", forced);
            }
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new int[] {bytes}, 4);
            } catch (LastErrorException e) {
                throw NetlinkSocketException.of("setsockopt(SO_RCVBUF)", e);
            }
        }
        try {
            int[] value = new int[1];
            LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, value, new int[] {4});
            return value[0];
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("getsockopt(SO_RCVBUF)", e);
        }
    }

    /** Sends one datagram to the port id (0 is the kernel). */
    void send(byte[] datagram, int destinationPortId) throws NetlinkSocketException {
        destination.clear();
        destination.setShort(0, (short) LibC.AF_NETLINK);
        destination.setInt(4, destinationPortId);
        try {
            LibC.sendto(fd, datagram, datagram.length, 0, destination, SOCKADDR_NL_SIZE);
        } catch (LastErrorException e) {
            throw NetlinkSocketException.of("sendto(netlink)", e);
        }
    }

    /**
     * Reads the next datagram without blocking, sizing the buffer first (MSG_PEEK|MSG_TRUNC reports the full
     * length) so that a large datagram is read whole.
     *
     * <p>Every successful read lets the kernel continue a running dump, and when that finds the buffer full it
     * sets ENOBUFS on the socket, which the next read reports without consuming anything. If that next read is
     * the one after a peek, peeking again would start the cycle over forever; so the peeked length is kept and
     * the next call goes straight to the read.
     *
     * @return the datagram (position 0, native order, valid until the next call), or null when nothing is queued
     * @throws NetlinkSocketException with errno ENOBUFS when the kernel dropped messages for lack of room
     */
    ByteBuffer receive() throws NetlinkSocketException {
        buffer.clear();
        int length = peekedLength >= 0 ? peekedLength : recv(0, LibC.MSG_PEEK | LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
        if (length < 0) {
            return null;
        }
        if (length > buffer.capacity() && length <= MAX_DATAGRAM_BYTES) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(length - 1) << 1).order(ByteOrder.nativeOrder());
        }
        peekedLength = length;
        buffer.clear();
        int read = recv(buffer.capacity(), LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
        peekedLength = -1;
        if (read < 0) {
            return null;
        }
        lastTruncated = read > buffer.capacity();
        lastSenderPortId = sender.getInt(4);
        buffer.limit(Math.min(read, buffer.capacity()));
        return buffer;
    }

    /** nl_pid of the last datagram's sender: 0 for the kernel. */
    int lastSenderPortId() {
        return lastSenderPortId;
    }

    /** True when the last datagram did not fit even the largest buffer and was cut. */
    boolean lastTruncated() {
        return lastTruncated;
    }

    private int recv(int capacity, int flags) throws NetlinkSocketException {
        while (true) {
            senderLength[0] = SOCKADDR_NL_SIZE;
            long length = LibC.recvfrom(fd, buffer, capacity, flags, sender, senderLength);
            if (length >= 0) {
                return (int) length;
            }
            int errno = LibC.errno();
            if (errno == LibC.EAGAIN) {
                return -1;
            }
            if (errno != LibC.EINTR) {
                throw new NetlinkSocketException("recvfrom(netlink)", errno);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error; nothing left to undo
        }
    }
}

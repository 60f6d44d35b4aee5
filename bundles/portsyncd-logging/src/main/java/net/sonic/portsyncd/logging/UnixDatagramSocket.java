package net.sonic.portsyncd.logging;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A connected AF_UNIX SOCK_DGRAM socket, the kind {@code /dev/log} is. Not thread safe. */
final class UnixDatagramSocket implements AutoCloseable {
    private final Path path;
    private int fd;

    private UnixDatagramSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Connects to the datagram socket at {@code path}. A send that finds the receiver's queue full waits at most
     * {@code sendTimeout}, so a stalled syslog daemon cannot hold the caller forever.
     */
    static UnixDatagramSocket connect(Path path, Duration sendTimeout) throws IOException {
        byte[] address = address(path);
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
        }
        try {
            long micros = sendTimeout.toNanos() / 1000;
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDTIMEO,
                    new long[] {micros / 1_000_000, micros % 1_000_000}, 2 * Long.BYTES);
            LibC.connect(fd, address, address.length);
            return new UnixDatagramSocket(path, fd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("connect(" + path + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /** struct sockaddr_un: the family in host byte order, then the NUL-terminated path. */
    private static byte[] address(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length >= LibC.UNIX_PATH_MAX) {
            throw new IOException("a unix socket path needs 1 to " + (LibC.UNIX_PATH_MAX - 1) + " bytes: " + path);
        }
        ByteBuffer address = ByteBuffer.allocate(Short.BYTES + name.length + 1).order(ByteOrder.nativeOrder());
        address.putShort((short) LibC.AF_UNIX).put(name).put((byte) 0);
        return address.array();
    }

    /**
     * Sends one datagram.
     *
     * @throws IOException with the errno when the receiver is gone, its queue stayed full for the send timeout,
     *                     or the datagram is too large
     */
    void send(byte[] datagram) throws IOException {
        try {
            LibC.send(fd, datagram, datagram.length, LibC.MSG_NOSIGNAL);
        } catch (LastErrorException e) {
            throw new SendFailedException(path, e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            closeQuietly(fd);
            fd = -1;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error
        }
    }

    /** A send the kernel refused, with its errno. */
    static final class SendFailedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        SendFailedException(Path path, int errno, Throwable cause) {
            super("send to " + path + " failed: errno " + errno, cause);
            this.errno = errno;
        }

        /** True when the socket is still usable (queue full or interrupted); false when it must be reopened. */
        boolean transientFailure() {
            return errno == LibC.EAGAIN || errno == LibC.EINTR || errno == LibC.ENOBUFS || errno == LibC.EMSGSIZE;
        }
    }
}

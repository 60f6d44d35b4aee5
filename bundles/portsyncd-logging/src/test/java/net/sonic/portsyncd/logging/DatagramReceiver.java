package net.sonic.portsyncd.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The receiving end of a unix datagram socket, as rsyslog's imuxsock opens {@code /dev/log}. */
final class DatagramReceiver implements AutoCloseable {
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    static {
        Native.register(DatagramReceiver.class, NativeLibrary.getInstance("c"));
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    private static native int setsockopt(int fd, int level, int name, long[] value, int valueLength)
            throws LastErrorException;

    private static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private final Path path;
    private final int fd;

    private DatagramReceiver(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Binds a new socket at {@code path} (which must not exist). */
    static DatagramReceiver bind(Path path) {
        int fd = socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer address = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
        address.putShort((short) LibC.AF_UNIX).put(name).put((byte) 0);
        bind(fd, address.array(), address.capacity());
        setsockopt(fd, LibC.SOL_SOCKET, SO_RCVTIMEO, new long[] {0, 100_000}, 16);
        return new DatagramReceiver(path, fd);
    }

    /** The next datagram, or empty when none arrives within {@code timeout}. */
    Optional<String> receive(Duration timeout) {
        byte[] buffer = new byte[65536];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                long length = recv(fd, buffer, buffer.length, 0);
                return Optional.of(new String(Arrays.copyOf(buffer, (int) length), StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    /** Closes the socket and removes its file, as a stopping syslog daemon does. */
    @Override
    public void close() throws IOException {
        close(fd);
        Files.deleteIfExists(path);
    }
}

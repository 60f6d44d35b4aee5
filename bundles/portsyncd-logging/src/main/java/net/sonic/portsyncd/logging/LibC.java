package net.sonic.portsyncd.logging;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The libc calls for a unix datagram socket, bound with JNA direct mapping. The JDK's unix domain sockets are
 * stream only, and {@code /dev/log} is a datagram socket. size_t/ssize_t and time_t are {@code long}: LP64 Linux.
 */
final class LibC {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDTIMEO = 21;
    static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) in struct sockaddr_un. */
    static final int UNIX_PATH_MAX = 108;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EMSGSIZE = 90;
    static final int ENOBUFS = 105;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int connect(int fd, byte[] address, int addressLength) throws LastErrorException;

    /** {@code value} is a struct timeval: seconds, microseconds. */
    static native int setsockopt(int fd, int level, int name, long[] value, int valueLength) throws LastErrorException;

    static native long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}

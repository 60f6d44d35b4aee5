package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The libc calls the capture needs, bound with JNA direct mapping (no proxy, no per-call reflection). size_t and
 * ssize_t are {@code long}: the bundle targets LP64 Linux only. Calls report failure as a {@link LastErrorException}
 * carrying errno, except {@code recvfrom}: its EAGAIN ends every receive batch, and building an exception for it
 * would cost more than the read itself, so it returns -1 and leaves errno to {@link #errno()}.
 */
final class LibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;

    static final int MSG_PEEK = 0x2;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;

    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOBUFS = 105;
    static final int ETIMEDOUT = 110;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer address, int addressLength) throws LastErrorException;

    static native int getsockname(int fd, Pointer address, int[] addressLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, int[] value, int valueLength) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] valueLength) throws LastErrorException;

    static native long sendto(int fd, byte[] buffer, long length, int flags, Pointer address, int addressLength)
            throws LastErrorException;

    /**
     * The buffer must be direct; JNA passes the address of its current position, so callers clear it first.
     * Returns -1 on failure, with errno in {@link #errno()}.
     */
    static native long recvfrom(int fd, ByteBuffer buffer, long length, int flags, Pointer address,
            int[] addressLength);

    static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    static native int eventfd(int initialValue, int flags) throws LastErrorException;

    static native long write(int fd, long[] value, long length) throws LastErrorException;

    static native long read(int fd, long[] value, long length) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int namespaceType) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** errno of this thread's last native call that did not throw (JNA keeps it per thread after every call). */
    static int errno() {
        return Native.getLastError();
    }
}

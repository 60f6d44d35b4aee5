package net.sonic.portsyncd.netlink;

import com.sun.jna.LastErrorException;
import java.io.IOException;

/** A libc call on a netlink socket (or on the namespace and eventfd around it) failed with an errno. */
public final class NetlinkSocketException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    NetlinkSocketException(String call, int errno) {
        super(call + " failed (errno " + errno + ")");
        this.errno = errno;
    }

    static NetlinkSocketException of(String call, LastErrorException e) {
        return new NetlinkSocketException(call, e.getErrorCode());
    }

    public int errno() {
        return errno;
    }
}

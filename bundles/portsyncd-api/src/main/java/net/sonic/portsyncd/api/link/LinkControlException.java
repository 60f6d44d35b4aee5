package net.sonic.portsyncd.api.link;

/** A link control request the kernel refused, or that could not be sent. */
public class LinkControlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public LinkControlException(String message, int errno) {
        super(message + (errno != 0 ? " (errno " + errno + ")" : ""));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

package net.sonic.portsyncd.remote;

/**
 * Why remote access cannot be served as configured, in words an operator can act on: the message names the file,
 * key or address at fault and what to do. Nothing listens while it stands.
 */
final class RemoteAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    RemoteAccessException(String message) {
        super(message);
    }

    RemoteAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost message of {@code e}: what went wrong, without the layers that carried it. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}

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
}

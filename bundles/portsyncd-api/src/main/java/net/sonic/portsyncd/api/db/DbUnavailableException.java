package net.sonic.portsyncd.api.db;

/** Redis could not be reached (after the bounded reconnect attempts); the command was not applied. */
public class DbUnavailableException extends DbException {
    private static final long serialVersionUID = 1L;

    public DbUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

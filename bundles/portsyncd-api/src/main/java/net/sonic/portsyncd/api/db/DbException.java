package net.sonic.portsyncd.api.db;

/** The database configuration is missing or malformed, or a database name is unknown. */
public class DbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DbException(String message) {
        super(message);
    }

    public DbException(String message, Throwable cause) {
        super(message, cause);
    }
}

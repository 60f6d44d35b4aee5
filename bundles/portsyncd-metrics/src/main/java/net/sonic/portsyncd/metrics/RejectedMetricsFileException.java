package net.sonic.portsyncd.metrics;

/** The metrics file exists but cannot be used. */
final class RejectedMetricsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedMetricsFileException(String reason) {
        super(reason);
    }

    RejectedMetricsFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

package net.sonic.portsyncd.sonicdb;

import java.time.Duration;

/**
 * How connections are made and re-made.
 *
 * @param connectTimeout     TCP/unix connect timeout
 * @param readTimeout        how long a reply may take before the connection is considered lost
 * @param reconnectAttempts  connection attempts before a command fails with DbUnavailableException (at least 1)
 * @param reconnectBackoff   pause after the first failed attempt; doubled after each further failure
 * @param maxReconnectBackoff upper bound of the pause
 */
public record ConnectionSettings(Duration connectTimeout, Duration readTimeout, int reconnectAttempts,
                                 Duration reconnectBackoff, Duration maxReconnectBackoff) {

    public ConnectionSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (reconnectAttempts < 1) {
            throw new IllegalArgumentException("reconnectAttempts must be at least 1, was " + reconnectAttempts);
        }
        if (reconnectBackoff == null || reconnectBackoff.isNegative()) {
            throw new IllegalArgumentException("reconnectBackoff must be zero or positive, was " + reconnectBackoff);
        }
        if (maxReconnectBackoff == null || maxReconnectBackoff.compareTo(reconnectBackoff) < 0) {
            throw new IllegalArgumentException("maxReconnectBackoff must be at least reconnectBackoff, was "
                    + maxReconnectBackoff);
        }
    }

    /** Both timeouts set to {@code timeout}; 5 attempts starting at 50 ms, doubling up to 1 s. */
    public static ConnectionSettings withTimeout(Duration timeout) {
        return new ConnectionSettings(timeout, timeout, 5, Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** The pause after failed attempt number {@code attempt} (1-based). */
    Duration backoffAfter(int attempt) {
        long millis = reconnectBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxReconnectBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxReconnectBackoff.toMillis()));
    }

    int connectTimeoutMillis() {
        return toMillis(connectTimeout);
    }

    int readTimeoutMillis() {
        return toMillis(readTimeout);
    }

    private static int toMillis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}

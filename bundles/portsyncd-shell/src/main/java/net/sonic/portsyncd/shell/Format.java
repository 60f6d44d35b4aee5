package net.sonic.portsyncd.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How values read in a terminal. */
final class Format {
    private Format() {
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** ISO-8601 UTC with milliseconds, or "never" for an unset (non-positive) epoch time. */
    static String instant(long epochMillis) {
        return epochMillis > 0 ? Instant.ofEpochMilli(epochMillis).toString() : "never";
    }

    /** Nanoseconds shown as milliseconds with microsecond precision. */
    static String nanosAsMillis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }

    static String nanosAsMillis(double nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }

    /** Whole seconds as "30 s", anything finer as milliseconds. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    static String name(Enum<?> value) {
        return value == null ? "-" : value.name();
    }
}

package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the warm-restart lifecycle.
 *
 * @param eoiuTimeout   how long the initial sync may wait for the end of the netlink dump before it completes anyway
 * @param hotSwapMaxAge how old a cleanly written state file may be to seed a resume; zero never uses it
 */
public record WarmRestartSettings(Duration eoiuTimeout, Duration hotSwapMaxAge) {

    public static final Duration DEFAULT_EOIU_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HOT_SWAP_MAX_AGE = Duration.ofSeconds(300);
    public static final Duration MAX_EOIU_TIMEOUT = Duration.ofHours(1);
    public static final Duration MAX_HOT_SWAP_MAX_AGE = Duration.ofDays(1);

    public WarmRestartSettings {
        checkEoiuTimeout(eoiuTimeout);
        checkRange("hot-swap maximum age", hotSwapMaxAge, MAX_HOT_SWAP_MAX_AGE);
    }

    public static WarmRestartSettings defaults() {
        return new WarmRestartSettings(DEFAULT_EOIU_TIMEOUT, DEFAULT_HOT_SWAP_MAX_AGE);
    }

    public WarmRestartSettings withEoiuTimeout(Duration timeout) {
        return new WarmRestartSettings(timeout, hotSwapMaxAge);
    }

    /** @throws IllegalArgumentException for a negative timeout or one longer than {@link #MAX_EOIU_TIMEOUT} */
    public static Duration checkEoiuTimeout(Duration timeout) {
        return checkRange("EOIU timeout", timeout, MAX_EOIU_TIMEOUT);
    }

    private static Duration checkRange(String what, Duration value, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be between 0 and " + max.toSeconds() + " s, got "
                    + value.toMillis() + " ms");
        }
        return value;
    }
}

package net.sonic.portsyncd.metrics.wiring;

import java.time.Duration;

/**
 * How the wiring guard acts.
 *
 * @param refreshEnabled refresh the bundles concerned (else only raise the alarm)
 * @param debounce       quiet time after the last bundle event before the wiring is inspected, so that a series
 *                       of updates is refreshed once
 */
public record GuardSettings(boolean refreshEnabled, Duration debounce) {
    public static final long DEFAULT_DEBOUNCE_MILLIS = 2_000;
    public static final long MIN_DEBOUNCE_MILLIS = 100;
    public static final long MAX_DEBOUNCE_MILLIS = 60_000;

    public GuardSettings {
        if (debounce.toMillis() < MIN_DEBOUNCE_MILLIS || debounce.toMillis() > MAX_DEBOUNCE_MILLIS) {
            throw new IllegalArgumentException("debounce.ms must be within [" + MIN_DEBOUNCE_MILLIS + ", "
                    + MAX_DEBOUNCE_MILLIS + "], was " + debounce.toMillis());
        }
    }
}

package net.sonic.portsyncd.metrics.wiring;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the wiring guard acts.
 *
 * @param refreshEnabled refresh the bundles concerned (else only raise the alarm)
 * @param debounce       quiet time after the last bundle event before the wiring is inspected, so that a series
 *                       of updates is refreshed once
 */
public record GuardSettings(boolean refreshEnabled, Duration debounce) {
    private static final Logger LOG = LoggerFactory.getLogger(GuardSettings.class);

    public static final long DEFAULT_DEBOUNCE_MILLIS = 2_000;
    public static final long MIN_DEBOUNCE_MILLIS = 100;
    public static final long MAX_DEBOUNCE_MILLIS = 60_000;

    public GuardSettings {
        if (debounce.toMillis() < MIN_DEBOUNCE_MILLIS || debounce.toMillis() > MAX_DEBOUNCE_MILLIS) {
            throw new IllegalArgumentException("debounce.ms must be within [" + MIN_DEBOUNCE_MILLIS + ", "
                    + MAX_DEBOUNCE_MILLIS + "], was " + debounce.toMillis());
        }
    }

    /** Settings from configuration values; a debounce out of range is logged and replaced by the default. */
    public static GuardSettings fromConfiguration(boolean refreshEnabled, long debounceMillis) {
        long debounce = debounceMillis;
        if (debounce < MIN_DEBOUNCE_MILLIS || debounce > MAX_DEBOUNCE_MILLIS) {
            LOG.warn("PID {} key debounce.ms value {} is outside [{}, {}]; using {}", WiringGuardComponent.PID,
                    debounceMillis, MIN_DEBOUNCE_MILLIS, MAX_DEBOUNCE_MILLIS, DEFAULT_DEBOUNCE_MILLIS);
            debounce = DEFAULT_DEBOUNCE_MILLIS;
        }
        return new GuardSettings(refreshEnabled, Duration.ofMillis(debounce));
    }
}

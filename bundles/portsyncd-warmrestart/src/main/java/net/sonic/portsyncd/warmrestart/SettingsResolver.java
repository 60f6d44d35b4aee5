package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Config Admin properties and the environment into {@link WarmRestartSettings}. Precedence for the EOIU
 * timeout: Config Admin, then {@value #EOIU_TIMEOUT_ENV}, then the default. A value that is not a whole number of
 * seconds in range is rejected with a WARN line naming its source, and the next source applies.
 */
public final class SettingsResolver {
    public static final String EOIU_TIMEOUT_KEY = "eoiu.timeout.secs";
    public static final String HOT_SWAP_MAX_AGE_KEY = "hot.swap.max.age.secs";
    public static final String EOIU_TIMEOUT_ENV = "PORTSYNCD_EOIU_TIMEOUT_SECS";

    private static final Logger LOG = LoggerFactory.getLogger(SettingsResolver.class);
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{1,18}");

    private SettingsResolver() {
    }

    public static WarmRestartSettings resolve(Map<String, ?> config, Function<String, String> environment) {
        long maxTimeout = WarmRestartSettings.MAX_EOIU_TIMEOUT.toSeconds();
        Duration eoiuTimeout = seconds(config.get(EOIU_TIMEOUT_KEY), configSource(EOIU_TIMEOUT_KEY), maxTimeout)
                .or(() -> seconds(environment.apply(EOIU_TIMEOUT_ENV), "environment variable " + EOIU_TIMEOUT_ENV,
                        maxTimeout))
                .orElse(WarmRestartSettings.DEFAULT_EOIU_TIMEOUT);
        Duration hotSwapMaxAge = seconds(config.get(HOT_SWAP_MAX_AGE_KEY), configSource(HOT_SWAP_MAX_AGE_KEY),
                WarmRestartSettings.MAX_HOT_SWAP_MAX_AGE.toSeconds())
                .orElse(WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE);
        return new WarmRestartSettings(eoiuTimeout, hotSwapMaxAge);
    }

    private static String configSource(String key) {
        return "Config Admin " + WarmRestartComponent.PID + " " + key;
    }

    private static Optional<Duration> seconds(Object raw, String source, long maxSeconds) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<Long> parsed = wholeNumber(raw);
        if (parsed.isEmpty() || parsed.get() < 0 || parsed.get() > maxSeconds) {
            LOG.warn("Rejected {}='{}': expected whole seconds between 0 and {}; the next source or the default"
                    + " applies", source, printable(raw), maxSeconds);
            return Optional.empty();
        }
        LOG.debug("{} = {} s", source, parsed.get());
        return Optional.of(Duration.ofSeconds(parsed.get()));
    }

    private static Optional<Long> wholeNumber(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return Optional.of(((Number) raw).longValue());
        }
        // Config Admin hands over what the operator typed; only plain decimal digits are seconds.
        if (raw instanceof String text && DIGITS.matcher(text.trim()).matches()) {
            return Optional.of(Long.parseLong(text.trim()));
        }
        return Optional.empty();
    }

    /** Bounded and free of control characters, so a hostile value cannot forge log lines. */
    private static String printable(Object raw) {
        String text = String.valueOf(raw);
        String shortened = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}

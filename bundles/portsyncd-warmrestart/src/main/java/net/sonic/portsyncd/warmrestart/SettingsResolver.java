package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Printable;
import net.sonic.portsyncd.support.config.Range;
import net.sonic.portsyncd.support.config.Ranges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Config Admin properties and the environment into {@link WarmRestartSettings}. Precedence for the EOIU
 * timeout: Config Admin, then {@value #EOIU_TIMEOUT_ENV}, then the default. A Config Admin value out of range is
 * rejected by the configuration check (the last good value is kept, else the environment's, else the default); an
 * environment value out of range is rejected with a WARN line and the default applies.
 */
public final class SettingsResolver {
    public static final String EOIU_TIMEOUT_KEY = "eoiu.timeout.secs";
    public static final String HOT_SWAP_MAX_AGE_KEY = "hot.swap.max.age.secs";
    public static final String EOIU_TIMEOUT_ENV = "PORTSYNCD_EOIU_TIMEOUT_SECS";

    static final Range EOIU_TIMEOUT_RANGE = Ranges.integers(0, WarmRestartSettings.MAX_EOIU_TIMEOUT.toSeconds());
    static final Range HOT_SWAP_MAX_AGE_RANGE =
            Ranges.integers(0, WarmRestartSettings.MAX_HOT_SWAP_MAX_AGE.toSeconds());

    private static final Logger LOG = LoggerFactory.getLogger(SettingsResolver.class);

    private SettingsResolver() {
    }

    public static WarmRestartSettings resolve(ConfigValidator<WarmRestartComponent.Config> check,
            Map<String, ?> properties, Function<String, String> environment) {
        Map<String, Object> defaults = environmentTimeout(environment)
                .<Map<String, Object>>map(seconds -> Map.of(EOIU_TIMEOUT_KEY, seconds)).orElse(Map.of());
        WarmRestartComponent.Config config = check.validate(properties, defaults);
        return new WarmRestartSettings(Duration.ofSeconds(config.eoiu_timeout_secs()),
                Duration.ofSeconds(config.hot_swap_max_age_secs()));
    }

    private static Optional<Object> environmentTimeout(Function<String, String> environment) {
        String raw = environment.apply(EOIU_TIMEOUT_ENV);
        if (raw == null) {
            return Optional.empty();
        }
        Optional<Object> seconds = EOIU_TIMEOUT_RANGE.accept(raw, Map.of());
        if (seconds.isEmpty()) {
            LOG.warn("Environment variable {} = {} rejected ({} is required); the default applies", EOIU_TIMEOUT_ENV,
                    Printable.quoted(raw), EOIU_TIMEOUT_RANGE.required(Map.of()));
        }
        return seconds;
    }
}

package net.sonic.portsyncd.warmrestart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the EOIU timeout and the hot-swap age come from, and what happens to values that make no sense. */
class SettingsResolverTest {
    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    private final ConfigValidator<WarmRestartComponent.Config> check =
            new ConfigValidator<>(WarmRestartComponent.SPEC);

    private static Function<String, String> environment(String eoiuTimeout) {
        return name -> SettingsResolver.EOIU_TIMEOUT_ENV.equals(name) ? eoiuTimeout : null;
    }

    private static Map<String, Object> config(Object eoiuTimeout) {
        Map<String, Object> properties = new HashMap<>(Map.of("service.pid", WarmRestartComponent.PID));
        properties.put(SettingsResolver.EOIU_TIMEOUT_KEY, eoiuTimeout);
        return properties;
    }

    private WarmRestartSettings resolve(Map<String, ?> properties, Function<String, String> environment) {
        return SettingsResolver.resolve(check, properties, environment);
    }

    @Test
    void defaultsWithoutConfigOrEnvironment() {
        WarmRestartSettings settings = resolve(Map.of(), NO_ENVIRONMENT);

        assertThat(settings).isEqualTo(WarmRestartSettings.defaults());
        assertThat(settings.eoiuTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.hotSwapMaxAge()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void environmentAppliesWhenConfigAdminSaysNothing() {
        assertThat(resolve(Map.of(), environment("25")).eoiuTimeout()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void configAdminWinsOverTheEnvironment() {
        assertThat(resolve(config(4L), environment("25")).eoiuTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(resolve(config("7"), environment("25")).eoiuTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(resolve(config(0), environment("25")).eoiuTimeout()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "-1", "3601", "1.5", "1e3", "0x10", "10s", "99999999999999999999",
        "5\n2026-01-01 INFO forged line"})
    void badEnvironmentValueIsRejectedWithOneLineAndTheDefaultKept(String value) {
        try (LogCapture log = new LogCapture()) {
            assertThat(resolve(Map.of(), environment(value)).eoiuTimeout())
                    .isEqualTo(WarmRestartSettings.DEFAULT_EOIU_TIMEOUT);
            assertThat(log.count("Environment variable PORTSYNCD_EOIU_TIMEOUT_SECS = '")).isEqualTo(1);
            assertThat(log.count("rejected (an integer from 0 to 3600 is required); the default applies"))
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-5", "3601", "2.0", "NaN", "\u0000"})
    void badConfigValueIsRejectedWithOneLineAndTheLastGoodValueKept(String value) {
        resolve(config("12"), NO_ENVIRONMENT);

        try (LogCapture log = new LogCapture()) {
            assertThat(resolve(config(value), NO_ENVIRONMENT).eoiuTimeout()).isEqualTo(Duration.ofSeconds(12));
            assertThat(log.count("Configuration " + WarmRestartComponent.PID + ": eoiu.timeout.secs = '"))
                    .isEqualTo(1);
            assertThat(log.count("rejected (an integer from 0 to 3600 is required); keeping 12")).isEqualTo(1);
        }
    }

    @Test
    void badConfigValueOfAnotherTypeIsRejected() {
        resolve(config("12"), NO_ENVIRONMENT);
        for (Object value : new Object[] {2.5d, 3.0f, -1L, new long[] {5}, Boolean.TRUE, Map.of()}) {
            assertThat(resolve(config(value), NO_ENVIRONMENT).eoiuTimeout()).as("%s", value)
                    .isEqualTo(Duration.ofSeconds(12));
        }
    }

    @Test
    void rejectedConfigValueKeepsTheLastGoodValueOverTheEnvironment() {
        resolve(config("8"), environment("25"));

        assertThat(resolve(config("soon"), environment("25")).eoiuTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void hotSwapMaximumAgeComesFromConfigAdminWithinRange() {
        assertThat(resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "60"), NO_ENVIRONMENT).hotSwapMaxAge())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, 0), NO_ENVIRONMENT).hotSwapMaxAge())
                .isZero();
        assertThat(resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "86401"), NO_ENVIRONMENT).hotSwapMaxAge())
                .isZero();
        assertThat(resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "old"), NO_ENVIRONMENT).hotSwapMaxAge())
                .isZero();
    }
}

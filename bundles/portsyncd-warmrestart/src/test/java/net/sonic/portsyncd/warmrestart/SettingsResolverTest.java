package net.sonic.portsyncd.warmrestart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Where the EOIU timeout and the hot-swap age come from, and what happens to values that make no sense. */
class SettingsResolverTest {
    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    private static Function<String, String> environment(String eoiuTimeout) {
        return name -> SettingsResolver.EOIU_TIMEOUT_ENV.equals(name) ? eoiuTimeout : null;
    }

    private static Map<String, Object> config(Object eoiuTimeout) {
        Map<String, Object> properties = new HashMap<>(Map.of("service.pid", WarmRestartComponent.PID));
        properties.put(SettingsResolver.EOIU_TIMEOUT_KEY, eoiuTimeout);
        return properties;
    }

    @Test
    void defaultsWithoutConfigOrEnvironment() {
        WarmRestartSettings settings = SettingsResolver.resolve(Map.of(), NO_ENVIRONMENT);

        assertThat(settings).isEqualTo(WarmRestartSettings.defaults());
        assertThat(settings.eoiuTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.hotSwapMaxAge()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void environmentAppliesWhenConfigAdminSaysNothing() {
        assertThat(SettingsResolver.resolve(Map.of(), environment("25")).eoiuTimeout())
                .isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void configAdminWinsOverTheEnvironment() {
        assertThat(SettingsResolver.resolve(config(4L), environment("25")).eoiuTimeout())
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(SettingsResolver.resolve(config("7"), environment("25")).eoiuTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(SettingsResolver.resolve(config(0), environment("25")).eoiuTimeout()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "-1", "3601", "1.5", "1e3", "0x10", "10s", "99999999999999999999",
        "5\n2026-01-01 INFO forged line"})
    void badEnvironmentValueIsRejectedAndTheDefaultKept(String value) {
        assertThat(SettingsResolver.resolve(Map.of(), environment(value)).eoiuTimeout())
                .isEqualTo(WarmRestartSettings.DEFAULT_EOIU_TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-5", "3601", "2.0", "NaN", "\u0000"})
    void badConfigValueIsRejectedAndTheDefaultKept(String value) {
        assertThat(SettingsResolver.resolve(config(value), NO_ENVIRONMENT).eoiuTimeout())
                .isEqualTo(WarmRestartSettings.DEFAULT_EOIU_TIMEOUT);
    }

    @Test
    void badConfigValueOfAnotherTypeIsRejected() {
        for (Object value : new Object[] {2.5d, 3.0f, -1L, new long[] {5}, Boolean.TRUE, Map.of()}) {
            assertThat(SettingsResolver.resolve(config(value), NO_ENVIRONMENT).eoiuTimeout()).as("%s", value)
                    .isEqualTo(WarmRestartSettings.DEFAULT_EOIU_TIMEOUT);
        }
    }

    @Test
    void rejectedConfigValueLeavesAValidEnvironmentValueInForce() {
        assertThat(SettingsResolver.resolve(config("soon"), environment("25")).eoiuTimeout())
                .isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void hotSwapMaximumAgeComesFromConfigAdminWithinRange() {
        assertThat(SettingsResolver.resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "60"), NO_ENVIRONMENT)
                .hotSwapMaxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(SettingsResolver.resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, 0), NO_ENVIRONMENT)
                .hotSwapMaxAge()).isZero();
        assertThat(SettingsResolver.resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "86401"), NO_ENVIRONMENT)
                .hotSwapMaxAge()).isEqualTo(WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE);
        assertThat(SettingsResolver.resolve(Map.of(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "old"), NO_ENVIRONMENT)
                .hotSwapMaxAge()).isEqualTo(WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE);
    }
}

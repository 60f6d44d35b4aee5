package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    @Test
    void backoffDoublesUpToTheMaximum() {
        ConnectionSettings settings = new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10,
                Duration.ofMillis(50), Duration.ofMillis(300));
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofMillis(300));
        assertThat(settings.backoffAfter(1000)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void nonsensicalValuesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ZERO,
                Duration.ZERO)).hasMessage("connectTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                Duration.ZERO, Duration.ZERO)).hasMessage("reconnectAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Duration.ofMillis(100), Duration.ofMillis(10)))
                .hasMessage("maxReconnectBackoff must be at least reconnectBackoff, was PT0.01S");
    }
}

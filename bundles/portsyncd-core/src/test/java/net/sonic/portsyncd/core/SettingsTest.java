package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration Admin values reach the engine, and nonsense falls back to the defaults instead of failing. */
class SettingsTest {

    private static LinkSyncComponent.Config config(int queue, long retryInitial, long retryMax) {
        return new LinkSyncComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LinkSyncComponent.Config.class;
            }

            @Override
            public int queue_capacity() {
                return queue;
            }

            @Override
            public int max_batch_events() {
                return 512;
            }

            @Override
            public long retry_initial_ms() {
                return retryInitial;
            }

            @Override
            public long retry_max_ms() {
                return retryMax;
            }

            @Override
            public long dump_wait_ms() {
                return 3_000;
            }

            @Override
            public int max_config_row_chars() {
                return 4_096;
            }
        };
    }

    @Test
    void configuredValuesAreUsed() {
        SyncSettings settings = LinkSyncComponent.settingsOf(config(100, 10, 400));

        assertThat(settings).isEqualTo(new SyncSettings(100, 512, Duration.ofMillis(10), Duration.ofMillis(400),
                Duration.ofSeconds(3), 4_096));
    }

    @Test
    void invalidValuesFallBackToTheDefaults() {
        assertThat(LinkSyncComponent.settingsOf(config(-1, 10, 400))).isEqualTo(SyncSettings.defaults());
        assertThat(LinkSyncComponent.settingsOf(config(100, 0, 400))).isEqualTo(SyncSettings.defaults());
        assertThat(LinkSyncComponent.settingsOf(config(100, 500, 10))).isEqualTo(SyncSettings.defaults());
    }
}

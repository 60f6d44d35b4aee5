package net.sonic.portsyncd.warmrestart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.state.PortRecord;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The DS component's wiring, driven the way SCR drives it: constructor, bind/unbind, modified, deactivate. */
class WarmRestartComponentTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();

    @TempDir
    Path directory;

    @Test
    void configurationAppliesAtActivationAndLive() {
        WarmRestartComponent component = new WarmRestartComponent(REDIS.db(),
                Map.of(SettingsResolver.EOIU_TIMEOUT_KEY, "3600", SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "60"));
        try {
            assertThat(component.eoiuTimeout()).isEqualTo(Duration.ofHours(1));
            assertThat(component.settings().hotSwapMaxAge()).isEqualTo(Duration.ofSeconds(60));
            Completions completions = new Completions();
            RecordingAlarms alarms = new RecordingAlarms();
            component.bindAlarms(alarms);
            component.beginInitialSync(completions);

            component.modified(Map.of(SettingsResolver.EOIU_TIMEOUT_KEY, 0L));

            assertThat(completions.awaitFirst(Duration.ofSeconds(10)).completion()).isEqualTo(SyncCompletion.TIMEOUT);
            assertThat(alarms.active(AlarmType.EOIU_TIMEOUT)).isTrue();
            component.unbindAlarms(alarms);
            assertThat(component.eoiuTimeout()).isZero();
            assertThat(component.settings().hotSwapMaxAge()).isEqualTo(WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE);
        } finally {
            component.deactivate();
        }
    }

    @Test
    void malformedConfigurationKeepsTheLastGoodValuesAndRaisesTheAlarm() {
        new WarmRestartComponent(REDIS.db(), Map.of(SettingsResolver.EOIU_TIMEOUT_KEY, "30",
                SettingsResolver.HOT_SWAP_MAX_AGE_KEY, "120")).deactivate();
        RecordingAlarms alarms = new RecordingAlarms();
        CountingMetrics metrics = new CountingMetrics();

        WarmRestartComponent component = new WarmRestartComponent(REDIS.db(),
                Map.of(SettingsResolver.EOIU_TIMEOUT_KEY, "ten", SettingsResolver.HOT_SWAP_MAX_AGE_KEY, -3));
        component.bindAlarms(alarms);
        component.bindMetrics(metrics);
        try {
            assertThat(component.eoiuTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(component.settings().hotSwapMaxAge()).isEqualTo(Duration.ofSeconds(120));
            assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details())
                    .containsEntry(WarmRestartComponent.PID, "eoiu.timeout.secs, hot.swap.max.age.secs");
            assertThat(metrics.count(Counter.CONFIG_REJECTED)).isEqualTo(2);

            component.modified(Map.of(SettingsResolver.EOIU_TIMEOUT_KEY, "20"));
            assertThat(component.eoiuTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void greedyReplacementOfTheStoreAndMetricsKeepsTheNewOnes() throws IOException {
        CountingMetrics oldMetrics = new CountingMetrics();
        CountingMetrics newMetrics = new CountingMetrics();
        Clock clock = Clock.systemUTC();
        try (StateFileStore withHandOver = new StateFileStore(directory.resolve("a"), StoreSettings.defaults(),
                     oldMetrics, clock);
                StateFileStore empty = new StateFileStore(directory.resolve("b"), StoreSettings.defaults(),
                        newMetrics, clock)) {
            withHandOver.save(new PortStateSnapshot(clock.millis(), withHandOver.currentBootId(), true, true,
                    Map.of("Ethernet0", new PortRecord("Ethernet0", 3, true, true, 0x11043, 9100))));
            REDIS.publishPortConfigDone(1);
            WarmRestartComponent component = new WarmRestartComponent(REDIS.db(), Map.of());
            try {
                component.bindStateStore(withHandOver);
                component.bindMetrics(oldMetrics);
                assertThat(component.decideStart().savedState()).isPresent();

                component.bindStateStore(empty);
                component.unbindStateStore(withHandOver);
                component.bindMetrics(newMetrics);
                component.unbindMetrics(oldMetrics);
                assertThat(component.decideStart().reason()).contains("state file not used: no valid state file");

                component.unbindStateStore(empty);
                component.unbindMetrics(newMetrics);
                assertThat(component.decideStart().reason()).contains("state file not used: no state store is bound");
            } finally {
                component.deactivate();
            }
            assertThat(oldMetrics.count(Counter.WARM_RESTART)).isEqualTo(1);
            assertThat(newMetrics.count(Counter.WARM_RESTART)).isEqualTo(1);
            assertThat(newMetrics.count(Counter.COLD_START)).isZero();
        }
    }
}

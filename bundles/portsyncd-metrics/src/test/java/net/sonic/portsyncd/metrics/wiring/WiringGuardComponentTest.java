package net.sonic.portsyncd.metrics.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

/** The component activated with what a .cfg file with typos hands it, in a real framework. */
class WiringGuardComponentTest {
    @TempDir
    Path dir;

    private Felix framework;

    @BeforeEach
    void startFramework() throws Exception {
        framework = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, dir.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void typosAreRejectedAndTheGuardRuns() {
        RecordingAlarms alarms = new RecordingAlarms();
        WiringGuardComponent component;
        try (LogCapture log = new LogCapture()) {
            component = new WiringGuardComponent(framework.getBundleContext(), alarms,
                    Map.of("refresh.enabled", "ture", "debounce.ms", "2s"));
            assertThat(log.count("Configuration " + WiringGuardComponent.PID + ": ")).isEqualTo(2);
        }
        try {
            assertThat(alarms.raises(AlarmType.CONFIG_REJECTED)).singleElement()
                    .satisfies(raise -> assertThat(raise.details())
                            .containsEntry(WiringGuardComponent.PID, "refresh.enabled, debounce.ms"));

            component.modified(Map.of("refresh.enabled", "false", "debounce.ms", "500"));
            assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
        } finally {
            component.deactivate();
        }
    }
}

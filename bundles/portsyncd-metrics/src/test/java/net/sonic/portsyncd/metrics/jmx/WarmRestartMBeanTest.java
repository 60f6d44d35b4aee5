package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.WarmRestartMBean;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WarmRestart MBean over a real state file store, driven through the platform MBeanServer. */
class WarmRestartMBeanTest {
    private static final List<PortView> PORTS = List.of(
            new PortView("Ethernet0", 11, true, true, 9100, 1_700_000_000_000L),
            new PortView("Ethernet4", 12, true, false, 9100, 1_700_000_000_500L));

    @TempDir
    Path dir;

    private final FakeWarmRestartLifecycle lifecycle = new FakeWarmRestartLifecycle();
    private StateFileStore store;
    private WarmRestartMBeanComponent component;
    private PlatformMBeans mbeans;
    private WarmRestartMBean proxy;

    @BeforeEach
    void register() throws JMException {
        store = new StateFileStore(dir, StoreSettings.defaults().withRotationIntervalMillis(0), MetricsRecorder.NONE,
                Clock.systemUTC());
        component = new WarmRestartMBeanComponent(lifecycle, store);
        mbeans = new PlatformMBeans(component, Jmx.WARM_RESTART);
        proxy = JMX.newMBeanProxy(mbeans.server, mbeans.name(), WarmRestartMBean.class);
    }

    @AfterEach
    void unregister() throws JMException {
        mbeans.close();
        store.close();
    }

    @Test
    void everyAttributeIsAnOpenTypeReadableWithoutOurClasses() throws JMException {
        lifecycle.decideWith(FakeWarmRestartLifecycle.sonicWarm());
        lifecycle.decideStart();
        lifecycle.beginInitialSync(completion -> { });
        lifecycle.setEoiuTimeout(Duration.ofSeconds(45));

        Map<String, Object> values = OpenTypeChecks.readAllAttributes(mbeans.server, mbeans.name());

        assertThat(values).containsOnlyKeys("Mode", "Reason", "HotSwap", "State", "Transitions", "EoiuTimeoutSeconds",
                "InitialSyncElapsedMillis", "SyncEngineAvailable");
        assertThat(values.get("Mode")).isEqualTo("WARM");
        assertThat(values.get("Reason")).isEqualTo(FakeWarmRestartLifecycle.sonicWarm().reason());
        assertThat(values.get("State")).isEqualTo("INITIAL_SYNC_IN_PROGRESS");
        assertThat(values.get("EoiuTimeoutSeconds")).isEqualTo(45L);
        TabularData transitions = (TabularData) values.get("Transitions");
        assertThat(transitions.size()).isEqualTo(2);
        CompositeData second = transitions.get(new Object[] {2});
        assertThat(second.get("from")).isEqualTo("WARM_START");
        assertThat(second.get("to")).isEqualTo("INITIAL_SYNC_IN_PROGRESS");
        assertThat(mbeans.server.getMBeanInfo(mbeans.name()).getAttributes())
                .filteredOn(MBeanAttributeInfo::isWritable).extracting(MBeanAttributeInfo::getName)
                .containsExactly("EoiuTimeoutSeconds");
    }

    @Test
    void beforeTheDecisionTheModeIsNone() {
        assertThat(proxy.getMode()).isEqualTo("NONE");
        assertThat(proxy.getReason()).isEmpty();
        assertThat(proxy.getInitialSyncElapsedMillis()).isEqualTo(-1);
    }

    @Test
    void eoiuTimeoutIsWritableAndValidated() throws JMException {
        mbeans.server.setAttribute(mbeans.name(), new Attribute("EoiuTimeoutSeconds", 90L));
        assertThat(lifecycle.eoiuTimeout().toSeconds()).isEqualTo(90);

        assertThatThrownBy(() -> mbeans.server.setAttribute(mbeans.name(), new Attribute("EoiuTimeoutSeconds", -1L)))
                .isInstanceOf(RuntimeMBeanException.class).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> proxy.setEoiuTimeoutSeconds(7_200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 h");
        assertThat(lifecycle.eoiuTimeout().toSeconds()).isEqualTo(90);
    }

    @Test
    void forceCompleteInitialSyncEndsARunningSync() throws JMException {
        lifecycle.decideStart();
        SyncCompletionRecorder completions = new SyncCompletionRecorder();
        lifecycle.beginInitialSync(completions);
        // a sync that has run a while, so that its elapsed time cannot pass for a default
        Poll.until(Duration.ofSeconds(5), () -> lifecycle.initialSyncElapsedMillis() > 0, "a millisecond of sync");

        Object forced = mbeans.server.invoke(mbeans.name(), "forceCompleteInitialSync", new Object[0], new String[0]);

        assertThat(forced).isEqualTo(true);
        assertThat(completions.received()).containsExactly(net.sonic.portsyncd.api.warm.SyncCompletion.FORCED);
        assertThat(proxy.getState()).isEqualTo("INITIAL_SYNC_COMPLETE");
        assertThat(proxy.getInitialSyncElapsedMillis()).isPositive().isEqualTo(lifecycle.initialSyncElapsedMillis());
        assertThat(proxy.forceCompleteInitialSync()).isFalse();
    }

    @Test
    void saveStateNeedsTheSyncEngineAndWritesTheStateFile() {
        assertThat(proxy.isSyncEngineAvailable()).isFalse();
        assertThatThrownBy(proxy::saveState).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sync engine is not running");

        SimpleSyncEngine engine = new SimpleSyncEngine(PORTS, store);
        component.bindSyncEngine(engine);

        assertThat(proxy.saveState()).isTrue();
        assertThat(store.liveFile()).exists();
        assertThat(store.load().snapshot()).hasValueSatisfying(
                snapshot -> assertThat(snapshot.ports()).containsOnlyKeys("Ethernet0", "Ethernet4"));

        component.unbindSyncEngine(new SimpleSyncEngine(PORTS, store));
        assertThat(proxy.isSyncEngineAvailable()).as("a stale unbind keeps the current engine").isTrue();
        component.unbindSyncEngine(engine);
        assertThat(proxy.isSyncEngineAvailable()).isFalse();
    }

    @Test
    void rotateListAndCleanupBackups() throws JMException {
        component.bindSyncEngine(new SimpleSyncEngine(PORTS, store));
        assertThatThrownBy(proxy::rotateStateFile).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no live state file");
        proxy.saveState();

        String first = proxy.rotateStateFile();
        String second = rotateAgainUntilANewName(first);

        TabularData backups = (TabularData) mbeans.server.invoke(mbeans.name(), "listBackups", new Object[0],
                new String[0]);
        assertThat(backups.size()).isEqualTo(2);
        assertThat(backups.containsKey(new Object[] {first})).isTrue();
        assertThat((Long) backups.get(new Object[] {second}).get("sizeBytes")).isPositive();
        assertThat(OpenTypeChecks.roundTripWithJdkClassesOnly(backups)).isEqualTo(backups);

        assertThat(mbeans.server.invoke(mbeans.name(), "cleanupBackups", new Object[] {1},
                new String[] {int.class.getName()})).isEqualTo(1);
        assertThat(store.listBackups()).extracting(BackupFile::fileName).containsExactly(second);
        assertThat(proxy.cleanupStaleFiles()).isZero();
        assertThat(store.listBackups()).hasSize(1);
    }

    @Test
    void invalidArgumentsAndFailuresReachTheClientAsJdkExceptions() throws IOException {
        assertThatThrownBy(() -> mbeans.server.invoke(mbeans.name(), "cleanupBackups", new Object[] {-3},
                new String[] {int.class.getName()}))
                .isInstanceOf(RuntimeMBeanException.class).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep must be 0 or more")
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> mbeans.server.invoke(mbeans.name(), "cleanupBackups", new Object[] {"three"},
                new String[] {String.class.getName()})).isInstanceOf(JMException.class);

        // a corrupt live file makes the real store refuse the rotation with its own exception type
        Files.writeString(store.liveFile(), "{ not a state file");
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(proxy::rotateStateFile);
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("rotating the state file");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getClass().getName()).startsWith("java.");
        }
    }

    private String rotateAgainUntilANewName(String previous) {
        String[] next = new String[1];
        Poll.until(Duration.ofSeconds(5), () -> {
            next[0] = proxy.rotateStateFile();
            return !next[0].equals(previous);
        }, "every rotation produced " + previous);
        return next[0];
    }

    /** Collects how initial syncs ended. */
    static final class SyncCompletionRecorder implements java.util.function.Consumer<net.sonic.portsyncd.api.warm.SyncCompletion> {
        private final List<net.sonic.portsyncd.api.warm.SyncCompletion> received = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void accept(net.sonic.portsyncd.api.warm.SyncCompletion completion) {
            received.add(completion);
        }

        List<net.sonic.portsyncd.api.warm.SyncCompletion> received() {
            return received;
        }
    }
}

package net.sonic.portsyncd.metrics.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The guard in a real OSGi framework (Felix), on bundles wired as portsyncd's are: an API bundle exporting a
 * package, implementation bundles importing it, one bundle outside portsyncd importing it too.
 */
class WiringGuardTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(200);
    private static final Duration SETTLED = Duration.ofSeconds(20);
    private static final String API_PACKAGE = "net.sonic.portsyncd.api.fixture";

    @TempDir
    Path dir;

    private Felix framework;
    private BundleContext context;
    private final RecordingAlarms alarms = new RecordingAlarms();
    private final AtomicInteger refreshes = new AtomicInteger();
    private Bundle api;
    private Bundle core;
    private Bundle db;
    private Bundle foreign;
    private WiringGuard guard;

    @BeforeEach
    void startFramework() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(config);
        framework.start();
        context = framework.getBundleContext();
        api = context.installBundle("fixture:api", bundle("portsyncd-api", Constants.EXPORT_PACKAGE, "1.0.0"));
        core = context.installBundle("fixture:core", bundle("portsyncd-core", Constants.IMPORT_PACKAGE, null));
        db = context.installBundle("fixture:db", bundle("portsyncd-sonic-db", Constants.IMPORT_PACKAGE, null));
        foreign = context.installBundle("fixture:probe", bundle("probe", Constants.IMPORT_PACKAGE, null));
        // only a refresh of the API unresolves this bundle, which is never updated: one event, one refresh
        context.addBundleListener(event -> {
            if (event.getBundle() == foreign && event.getType() == BundleEvent.UNRESOLVED) {
                refreshes.incrementAndGet();
            }
        });
        for (Bundle bundle : List.of(api, core, db, foreign)) {
            bundle.start();
        }
    }

    @AfterEach
    void stopFramework() throws Exception {
        if (guard != null) {
            guard.close();
        }
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void anApiUpdateWithoutRefreshThenAnUpdateOfAnotherBundleIsRefreshedOnceAndTheAlarmCleared() throws Exception {
        guard = guard(true);
        awaitChecked();

        update(api);
        update(core);
        update(db);

        Poll.until(SETTLED, () -> refreshes.get() == 1 && !alarms.active(AlarmType.BUNDLE_WIRING)
                && consistent(), () -> "refreshes " + refreshes + ", alarms " + alarms.calls + ", wiring " + wiring());
        RecordingAlarms.Call raise = alarms.raises(AlarmType.BUNDLE_WIRING).get(0);
        assertThat(raise.text()).contains("portsyncd-api [" + api.getBundleId() + "] updated without a refresh")
                .contains("refreshing");
        assertThat(raise.details().get("bundles")).contains("portsyncd-api");
        assertThat(Files.exists(memoFile())).as("the series of refreshes is over").isFalse();
        // the framework refreshed what depends on the API; the guard named only portsyncd's bundles
        assertThat(raise.details().get("bundles")).doesNotContain("probe");
        assertThat(revisionOf(foreign)).isSameAs(api.adapt(BundleRevision.class));
    }

    @Test
    void aSplitWiringIsAMajorAlarmThatStaysWhileRefreshIsOffAndHealsWhenItIsTurnedOn() throws Exception {
        guard = guard(false);
        // a higher version of the exported package makes the resolver wire the updated core to the new revision
        updateApi("1.0.1");
        update(core);

        Poll.until(SETTLED, () -> alarms.active(AlarmType.BUNDLE_WIRING)
                && alarms.raises(AlarmType.BUNDLE_WIRING).get(alarms.raises(AlarmType.BUNDLE_WIRING).size() - 1)
                        .severity() == AlarmSeverity.MAJOR, () -> "alarms " + alarms.calls + ", wiring " + wiring());
        RecordingAlarms.Call raise = alarms.raises(AlarmType.BUNDLE_WIRING).get(0);
        assertThat(raise.details().get("splitPackages")).isEqualTo(API_PACKAGE);
        assertThat(raise.text()).contains("refresh.enabled = false");
        assertThat(refreshes.get()).isZero();
        assertThat(consistent()).isFalse();

        guard.reconfigure(new GuardSettings(true, DEBOUNCE));
        Poll.until(SETTLED, () -> refreshes.get() == 1 && !alarms.active(AlarmType.BUNDLE_WIRING) && consistent(),
                () -> "refreshes " + refreshes + ", alarms " + alarms.calls + ", wiring " + wiring());
    }

    @Test
    void anUpdateAloneRaisesAMinorAlarmUntilTheRefresh() throws Exception {
        guard = guard(true);
        update(api);
        Poll.until(SETTLED, () -> !alarms.raises(AlarmType.BUNDLE_WIRING).isEmpty(), "a raise");
        assertThat(alarms.raises(AlarmType.BUNDLE_WIRING).get(0).severity()).isEqualTo(AlarmSeverity.MINOR);
        Poll.until(SETTLED, () -> !alarms.active(AlarmType.BUNDLE_WIRING) && consistent(), "healed");
    }

    @Test
    void afterItsOwnRefreshTheNextGuardClearsTheAlarmAndEndsTheSeries() throws Exception {
        new RefreshMemo(memoFile()).record(Instant.now(), "portsyncd-api [1]", "portsyncd-api [1] updated without a refresh");
        guard = guard(true);
        awaitChecked();
        assertThat(Files.exists(memoFile())).isFalse();
        assertThat(refreshes.get()).isZero();
    }

    @Test
    void refreshesThatDoNotHealStopAfterTheLimitWithACriticalAlarm() throws Exception {
        RefreshMemo memo = new RefreshMemo(memoFile());
        for (int i = 0; i < WiringGuard.MAX_REFRESHES; i++) {
            memo.record(Instant.now(), "portsyncd-api [1]", "earlier");
        }
        update(api);
        guard = guard(true);
        Poll.until(SETTLED, () -> alarms.raises(AlarmType.BUNDLE_WIRING).stream()
                .anyMatch(call -> call.severity() == AlarmSeverity.CRITICAL), () -> "alarms " + alarms.calls);
        assertThat(refreshes.get()).isZero();
        assertThat(consistent()).isFalse();
    }

    @Test
    void anUninstalledBundleIsNotRefreshed() throws Exception {
        guard = guard(true);
        api.uninstall();
        update(core);
        awaitChecked();
        assertThat(refreshes.get()).isZero();
        assertThat(alarms.raises(AlarmType.BUNDLE_WIRING)).isEmpty();
    }

    private WiringGuard guard(boolean refresh) {
        return new WiringGuard(context, alarms, new RefreshMemo(memoFile()), new GuardSettings(refresh, DEBOUNCE),
                Clock.systemUTC());
    }

    private Path memoFile() {
        return dir.resolve("data").resolve(WiringGuardComponent.MEMO_FILE);
    }

    /** The guard's first check ran: it clears the alarm when it finds nothing wrong. */
    private void awaitChecked() {
        Poll.until(SETTLED, () -> alarms.calls.stream().anyMatch(call -> !call.raise()), "the guard's check");
    }

    private boolean consistent() {
        return context.getBundle(0).adapt(FrameworkWiring.class).getRemovalPendingBundles().isEmpty()
                && Stream.of(core, db, foreign).allMatch(b -> revisionOf(b) == api.adapt(BundleRevision.class));
    }

    private static BundleRevision revisionOf(Bundle importer) {
        BundleWiring wiring = importer.adapt(BundleWiring.class);
        if (wiring == null) {
            return null;
        }
        List<BundleWire> wires = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        return wires.isEmpty() ? null : wires.get(0).getProvider();
    }

    private String wiring() {
        return Stream.of(core, db, foreign).map(b -> b.getSymbolicName() + "->" + revisionOf(b))
                .collect(Collectors.joining(", ")) + ", pending " + context.getBundle(0).adapt(FrameworkWiring.class)
                .getRemovalPendingBundles().stream().map(Bundle::getSymbolicName).collect(Collectors.toSet());
    }

    /** {@code bundle:update} without a refresh: a new revision from the same content. */
    private void update(Bundle bundle) throws Exception {
        if (bundle == api) {
            updateApi("1.0.0");
        } else {
            bundle.update(bundle(bundle.getSymbolicName(), Constants.IMPORT_PACKAGE, null));
        }
    }

    private void updateApi(String packageVersion) throws Exception {
        api.update(bundle(api.getSymbolicName(), Constants.EXPORT_PACKAGE, packageVersion));
    }

    private static InputStream bundle(String symbolicName, String header, String exportVersion) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(header, API_PACKAGE + (exportVersion == null ? "" : ";version=" + exportVersion));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}

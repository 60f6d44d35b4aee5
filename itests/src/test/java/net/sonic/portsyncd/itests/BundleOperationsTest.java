package net.sonic.portsyncd.itests;

import static net.sonic.portsyncd.itests.DrillSwitch.KERNEL_LIMIT;
import static net.sonic.portsyncd.itests.DrillSwitch.PORTS;
import static net.sonic.portsyncd.itests.DrillSwitch.SETTLE_LIMIT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runners.MethodSorters;

/**
 * Every bundle operation an operator can run on a live container, over JMX as an operator runs them, each while
 * links flap: {@code bundle:update} of every portsyncd bundle with and without a refresh (the API bundle included,
 * and an API update without a refresh followed by updates of the other bundles), {@code bundle:refresh},
 * {@code bundle:restart}, stop and start of a dependency, a change of the core's configuration. After each, from
 * outside ({@link HitlessWitness}): no STATE_DB row of a live port deleted, no steady port admin-down, no
 * PortConfigDone published again, no cold start, every bundle active with its components satisfied and no alarm
 * left, the engine running on Redis with its initial sync complete (started again when the operation replaced one
 * of its bundles), and STATE_DB equal to the kernel within 2 s of that. The container runs on a {@link DrillSwitch}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BundleOperationsTest {
    /** The bundles whose replacement restarts the engine (its mandatory services and itself). */
    private static final Set<String> ENGINE_BUNDLES = Set.of("portsyncd-api", "portsyncd-sonic-db", "portsyncd-netlink",
            "portsyncd-warmrestart", "portsyncd-core");
    private static final String CORE_PID = "net.sonic.portsyncd.core";
    private static final String WIRING_PID = "net.sonic.portsyncd.wiring";
    private static final String WIRING_ALARM = AlarmType.BUNDLE_WIRING.notificationType();
    private static final String HEALED = "portsyncd bundle wiring is consistent after refreshing";

    @ClassRule
    public static final DrillContainer SWITCH = new DrillContainer();

    /** Each operation starts from the switch's starting point; a failure keeps the container's files for a look. */
    @Rule
    public final TestRule fromTheStartingPoint = SWITCH.eachDrill();

    /**
     * The operation that used to leave the engine unsatisfied for minutes: the API bundle updated without a
     * refresh, then the other engine bundles likewise. The wiring guard raises its alarm (a JMX notification within
     * seconds of the last update) and refreshes; the engine resumes.
     */
    @Test
    public void a_apiUpdateWithoutRefreshThenUpdatesOfTheOthersIsHealedByTheGuard() throws Exception {
        List<Notification> notifications = jmx().listenToAlarms();
        long healedBefore = logLines(HEALED);
        hitless("bundle:update portsyncd-api without a refresh, then the other engine bundles", true, () -> {
            jmx().update(jmx().bundleId("portsyncd-api"));
            for (String name : List.of("portsyncd-sonic-db", "portsyncd-netlink", "portsyncd-warmrestart",
                    "portsyncd-core")) {
                jmx().update(jmx().bundleId(name));
            }
            long lastUpdate = System.currentTimeMillis();
            // the engine bundles now agree with each other, the others do not: only the guard can tell
            Poll.until(Duration.ofSeconds(10), () -> notifications.stream().anyMatch(n -> n.getType()
                    .equals(AlarmType.BUNDLE_WIRING.raiseNotificationType())),
                    () -> "no " + WIRING_ALARM + " raise notification over JMX within 10 s of the last update: "
                            + notifications.stream().map(Notification::getType).toList());
            SWITCH.get().report("the guard", "%s raised over JMX %d ms after the last update", WIRING_ALARM,
                    System.currentTimeMillis() - lastUpdate);
            Poll.until(SETTLE_LIMIT, () -> logLines(HEALED) > healedBefore,
                    "the guard's next incarnation reporting the wiring consistent");
        });
        assertTrue("the refresh is logged with its reason", logLines("Refreshing portsyncd-api") > 0);
    }

    /** With automatic refresh off, the alarm stays visible over JMX; turning refresh on heals the wiring. */
    @Test
    public void b_withRefreshOffTheWiringAlarmStaysUntilRefreshIsTurnedOn() throws Exception {
        hitless("an API update without a refresh while the guard may not refresh, then refresh turned on", true, () -> {
            jmx().setConfig(WIRING_PID, "refresh.enabled", "false");
            Poll.until(SETTLE_LIMIT, () -> logLines("Bundle wiring guard reconfigured (refresh off") > 0,
                    "the guard reconfigured");
            jmx().update(jmx().bundleId("portsyncd-api"));
            jmx().update(jmx().bundleId("portsyncd-core"));
            Poll.until(Duration.ofSeconds(10), () -> alarms().stream().anyMatch(a -> a.startsWith(WIRING_ALARM)),
                    () -> "no " + WIRING_ALARM + " among the active alarms " + alarms());
            jmx().setConfig(WIRING_PID, "refresh.enabled", "true");
        });
    }

    @Test
    public void c_updateWithoutRefreshOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:update " + name + " (no refresh)", ENGINE_BUNDLES.contains(name),
                    () -> jmx().update(jmx().bundleId(name)));
        }
    }

    @Test
    public void d_updateWithRefreshOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:update -r " + name, ENGINE_BUNDLES.contains(name), () -> {
                long id = jmx().bundleId(name);
                jmx().update(id);
                jmx().refresh(id);
            });
        }
    }

    @Test
    public void e_refreshOfTheApiBundleRestartsEverything() throws Exception {
        hitless("bundle:refresh portsyncd-api", true, () -> jmx().refresh(jmx().bundleId("portsyncd-api")));
    }

    /** A restart keeps the bundle's wiring: the API bundle registers no service, so its restart stops nothing. */
    @Test
    public void f_restartOfEveryBundle() throws Exception {
        for (String name : ourBundleNames()) {
            hitless("bundle:restart " + name, ENGINE_BUNDLES.contains(name) && !name.equals("portsyncd-api"),
                    () -> jmx().restart(jmx().bundleId(name)));
        }
    }

    @Test
    public void g_stopAndStartOfADependency() throws Exception {
        for (String name : List.of("portsyncd-sonic-db", "portsyncd-netlink")) {
            hitless("bundle:stop then bundle:start " + name, true, () -> {
                long id = jmx().bundleId(name);
                jmx().stop(id);
                Poll.until(SETTLE_LIMIT, () -> !SWITCH.get().running(), "the engine stopped without " + name);
                jmx().start(id);
            });
        }
    }

    @Test
    public void h_changeOfTheCoreConfiguration() throws Exception {
        hitless("config change of " + CORE_PID, true, () -> jmx().setConfig(CORE_PID, "queue.capacity", "8192"));
    }

    /** An operation under flapping, then every outside assertion. */
    private static void hitless(String what, boolean restartsEngine, Operation operation) throws Exception {
        DrillSwitch drillSwitch = SWITCH.get();
        long startsBefore = drillSwitch.starts();
        long coldStartsBefore = jmx().counter("ColdStartCount");
        long began = System.nanoTime();
        try (HitlessWitness witness = drillSwitch.witness()) {
            try (LinkFlapper flapper = drillSwitch.flapper()) {
                operation.run();
                if (restartsEngine) {
                    drillSwitch.awaitRestarted(what, startsBefore);
                } else {
                    drillSwitch.awaitSettled(what);
                }
            }
            long settled = System.nanoTime();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            drillSwitch.report(what, "settled after %d ms, STATE_DB equal to the kernel %d ms later",
                    (settled - began) / 1_000_000, equal.toMillis());
        }
        assertEquals(what + ": no cold start", coldStartsBefore, jmx().counter("ColdStartCount"));
    }

    /** The current connection: the switch opens a new one whenever it starts the container again. */
    private static ContainerJmx jmx() {
        return SWITCH.get().jmx();
    }

    private static List<String> alarms() {
        try {
            return jmx().activeAlarms();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<String> ourBundleNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (Map.Entry<Long, String[]> bundle : jmx().ourBundles().entrySet()) {
            names.add(bundle.getValue()[0]);
        }
        names.sort(null);
        return names;
    }

    private static long logLines(String text) {
        try {
            return SWITCH.get().logLines(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }
}

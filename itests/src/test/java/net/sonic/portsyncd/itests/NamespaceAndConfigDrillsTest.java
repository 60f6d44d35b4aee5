package net.sonic.portsyncd.itests;

import static net.sonic.portsyncd.itests.DrillSwitch.KERNEL_LIMIT;
import static net.sonic.portsyncd.itests.DrillSwitch.PORTS;
import static net.sonic.portsyncd.itests.DrillSwitch.STATE_DB;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.Notification;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runners.MethodSorters;

/**
 * The container's network namespace deleted and re-created, and a typo in the core configuration of a running
 * container; each watched from outside ({@link HitlessWitness}) and with the alarm it promises over JMX. One
 * container boot for both drills.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class NamespaceAndConfigDrillsTest {
    private static final Duration ALARM_LIMIT = Duration.ofSeconds(10);
    private static final String CORE_PID = "net.sonic.portsyncd.core";
    @ClassRule
    public static final DrillContainer DRILL = new DrillContainer();

    @Rule
    public final TestRule eachDrill = DRILL.eachDrill();

    /**
     * {@code ip netns del}: once the capture lets go of the namespace its netdevs are gone, NETNS_UNAVAILABLE is
     * raised and their STATE_DB rows deleted. A new namespace under the same name, with new taps and veths in the
     * drill's states, is attached and dumped: STATE_DB equals it within 2 s, the alarm clears, a reattach is
     * counted, nothing goes admin-down and PortConfigDone is not published. The container's JVM is stopped while
     * the namespace is re-created, so that the witness watches the new one before the engine can see it.
     */
    @Test
    public void a_namespaceDeletedAndRecreatedWithNewTaps() throws Exception {
        String what = "the namespace deleted and re-created with new netdevs";
        long reattachesBefore = DRILL.get().jmx().counter(Counter.NETNS_REATTACHES.attributeName());
        List<Notification> alarms = DRILL.get().jmx().listenToAlarms();
        try (HitlessWitness witness = DRILL.get().witness()) {
            witness.detachNamespace();
            long deletedAt = System.currentTimeMillis();
            DRILL.get().ns().deleteNamespace();
            Notification raise = DrillSwitch.awaitAlarm(alarms, AlarmType.NETNS_UNAVAILABLE, true, ALARM_LIMIT);
            long raised = System.nanoTime();
            Poll.until(KERNEL_LIMIT, () -> PORTS.stream().noneMatch(port ->
                    ":1".equals(DRILL.get().redis().commandOn(STATE_DB, "EXISTS", "PORT_TABLE|" + port))),
                    () -> "STATE_DB rows of the vanished netdevs: " + DRILL.get().redis().commandOn(STATE_DB, "KEYS", "*"));
            long rowsGone = System.nanoTime();
            DRILL.get().pauseContainer();
            DRILL.get().ns().recreate();
            DRILL.get().establishLinks();
            witness.attachNamespace();
            DRILL.get().resumeContainer();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            DrillSwitch.awaitAlarm(alarms, AlarmType.NETNS_UNAVAILABLE, false, KERNEL_LIMIT);
            witness.assertHitless(what);
            long reattaches = DRILL.get().jmx().counter(Counter.NETNS_REATTACHES.attributeName()) - reattachesBefore;
            assertTrue("a reattach counted: " + reattaches, reattaches > 0);
            DRILL.get().report(what, "NETNS_UNAVAILABLE raised %d ms after the delete, rows of the vanished netdevs gone "
                    + "%d ms later; STATE_DB equal to the new namespace %d ms after the container continued",
                    raise.getTimeStamp() - deletedAt, (rowsGone - raised) / 1_000_000, equal.toMillis());
        }
    }

    /**
     * {@code queue.capacity = abc} written into etc/net.sonic.portsyncd.core.cfg of a running container, under
     * flapping: one log line names the PID, the key and the value, CONFIG_REJECTED is raised, and the engine keeps
     * syncing with its last good configuration (STATE_DB equal to the kernel within 2 s of the flapping's end).
     * The file put right clears the alarm.
     */
    @Test
    public void b_typoInTheCoreConfiguration() throws Exception {
        String what = "a typo in " + CORE_PID + ".cfg";
        Path cfg = DRILL.get().karaf().home().resolve("etc").resolve(CORE_PID + ".cfg");
        String original = Files.readString(cfg);
        List<Notification> alarms = DRILL.get().jmx().listenToAlarms();
        try (HitlessWitness witness = DRILL.get().witness()) {
            long writtenAt;
            Notification raise;
            try (LinkFlapper flapper = DRILL.get().flapper()) {
                writtenAt = System.currentTimeMillis();
                Files.writeString(cfg, original + "\nqueue.capacity = abc\n");
                raise = DrillSwitch.awaitAlarm(alarms, AlarmType.CONFIG_REJECTED, true, ALARM_LIMIT);
                long before = flapper.flaps();
                Poll.until(ALARM_LIMIT, () -> flapper.flaps() >= before + 20, "link changes after the rejection");
            }
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            assertTrue("the engine runs: " + DRILL.get().describe(), DRILL.get().running());
            assertTrue("a log line names the PID, the key and the value",
                    DRILL.get().logLines(CORE_PID, "queue.capacity", "abc") > 0);
            Files.writeString(cfg, original);
            DrillSwitch.awaitAlarm(alarms, AlarmType.CONFIG_REJECTED, false, ALARM_LIMIT);
            DRILL.get().awaitSettled("after the typo was put right");
            witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            DRILL.get().report(what, "CONFIG_REJECTED raised %d ms after the file was written; STATE_DB equal to the kernel "
                    + "%d ms after the flapping ended", raise.getTimeStamp() - writtenAt, equal.toMillis());
        } finally {
            Files.writeString(cfg, original);
        }
    }
}

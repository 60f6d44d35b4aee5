package net.sonic.portsyncd.itests;

import static net.sonic.portsyncd.itests.DrillSwitch.KERNEL_LIMIT;
import static net.sonic.portsyncd.itests.DrillSwitch.PORTS;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.Notification;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.testkit.HitlessWitness;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runners.MethodSorters;

/**
 * Faults that restart portsyncd on a running switch, each watched from outside ({@link HitlessWitness}): no
 * STATE_DB row of a live port deleted, no steady port admin-down, no PortConfigDone published again, STATE_DB
 * equal to the kernel within 2 s of the engine settling, and the start a resume (WARM), since APPL_DB's
 * PortConfigDone shows that orchagent lives on. One container boot for the three drills.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ContainerRestartDrillsTest {
    @ClassRule
    public static final DrillContainer DRILL = new DrillContainer();

    @Rule
    public final TestRule eachDrill = DRILL.eachDrill();

    /** What a supervisor does to a hung container: {@code kill -9} of the JVM, then a new {@code bin/karaf server}. */
    @Test
    public void a_jvmSigkilledAndRestartedUnderFlapping() throws Exception {
        String what = "SIGKILL of the container's JVM and a restart, under flapping";
        try (HitlessWitness witness = DRILL.get().witness()) {
            long killed;
            try (LinkFlapper flapper = DRILL.get().flapper()) {
                long before = flapper.flaps();
                Poll.until(Duration.ofSeconds(10), () -> flapper.flaps() >= before + 20, "link changes before the kill");
                DRILL.get().karaf().kill();
                killed = System.nanoTime();
                DRILL.get().karaf().start();
                DRILL.get().connectJmx();
                DRILL.get().awaitSettled("after the restart");
            }
            long settled = System.nanoTime();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            String start = DRILL.get().jmx().lastStart();
            assertTrue("a resume, not a cold start: " + start, start.startsWith("WARM"));
            DRILL.get().report(what, "settled %d ms after the kill; STATE_DB equal to the kernel %d ms after that; %s",
                    millis(settled - killed), equal.toMillis(), start);
        }
    }

    /**
     * The container stopped, the state file damaged and the kernel changed while it was down (a carrier lost, an
     * MTU changed): the next start is a resume all the same, the rejected file raises CORRUPTION, and STATE_DB
     * follows the kernel's changes.
     */
    @Test
    public void b_corruptStateFileThenContainerRestart() throws Exception {
        String what = "a corrupt port_state.json, then a container restart";
        String corruption = "Alarm raised: " + AlarmType.CORRUPTION.notificationType();
        long corruptionsBefore = DRILL.get().logLines(corruption);
        try (HitlessWitness witness = DRILL.get().witness()) {
            DRILL.get().karaf().stop();
            Path live = DRILL.get().work().resolve("state").resolve(StateFileStore.LIVE_FILE_NAME);
            byte[] content = Files.readAllBytes(live);
            for (int i = content.length / 2; i < Math.min(content.length, content.length / 2 + 16); i++) {
                content[i] = 'X';
            }
            Files.write(live, content);
            DRILL.get().ns().down(DrillSwitch.CARRIER_PEERS.get("Ethernet24"));
            DRILL.get().ns().ip("link", "set", DrillSwitch.JUMBO, "mtu", "9000");
            long starting = System.nanoTime();
            DRILL.get().karaf().start();
            DRILL.get().connectJmx();
            DRILL.get().awaitSettled("after the restart", AlarmType.CORRUPTION);
            long settled = System.nanoTime();
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            String start = DRILL.get().jmx().lastStart();
            assertTrue("a resume, not a cold start: " + start, start.startsWith("WARM"));
            assertTrue("CORRUPTION raised for the damaged file (karaf.log)", DRILL.get().logLines(corruption) > corruptionsBefore);
            DRILL.get().report(what, "settled %d ms after bin/karaf server; STATE_DB equal to the kernel %d ms after that; "
                    + "%s", millis(settled - starting), equal.toMillis(), start);
        }
    }

    /**
     * The state directory on a 16 KiB tmpfs, filled up while the ports flap: saves fail (STATE_SAVE_FAILED, counted)
     * and two updates of the core bundle (without and with a refresh) restart the engine with no state file to
     * read; both are resumes. Once the directory is back, a save succeeds and the alarm clears.
     */
    @Test
    public void c_stateDirectoryFullThenTwoCoreUpdates() throws Exception {
        String what = "the state directory full (16 KiB tmpfs), then two core bundle updates";
        Path state = DRILL.get().work().resolve("state");
        long failuresBefore = DRILL.get().jmx().counter(Counter.STATE_SAVE_FAILURES.attributeName());
        List<Notification> alarms = DRILL.get().jmx().listenToAlarms();
        Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", state.toString()));
        try (HitlessWitness witness = DRILL.get().witness()) {
            long[] settledAfter = new long[2];
            try (LinkFlapper flapper = DRILL.get().flapper()) {
                // dd stops at ENOSPC
                Processes.tryRun(List.of("dd", "if=/dev/zero", "of=" + state.resolve("filler"), "bs=1k", "count=64"),
                        null);
                DrillSwitch.awaitAlarm(alarms, AlarmType.STATE_SAVE_FAILED, true, Duration.ofSeconds(10));
                for (int update = 0; update < 2; update++) {
                    long id = DRILL.get().jmx().bundleId("portsyncd-core");
                    long updating = System.nanoTime();
                    DRILL.get().jmx().update(id);
                    if (update == 1) {
                        DRILL.get().jmx().refresh(id);
                    }
                    DRILL.get().awaitSettled("after core update " + (update + 1), AlarmType.STATE_SAVE_FAILED);
                    settledAfter[update] = millis(System.nanoTime() - updating);
                }
            }
            Duration equal = witness.awaitStateDbEqualsKernel(PORTS, KERNEL_LIMIT);
            witness.assertHitless(what);
            String start = DRILL.get().jmx().lastStart();
            assertTrue("a resume, not a cold start: " + start, start.startsWith("WARM"));
            long failures = DRILL.get().jmx().counter(Counter.STATE_SAVE_FAILURES.attributeName()) - failuresBefore;
            assertTrue("failed saves counted: " + failures, failures > 0);
            DRILL.get().report(what, "updates settled in %d and %d ms; STATE_DB equal to the kernel %d ms after the second; "
                    + "%d failed saves counted; %s", settledAfter[0], settledAfter[1], equal.toMillis(), failures, start);
        } finally {
            Processes.run(List.of("umount", "-l", state.toString()));
        }
        // a link change makes the engine save again, now into the directory that has room
        DRILL.get().ns().down(DrillSwitch.ADMIN_FLAPPED.get(0));
        DrillSwitch.awaitAlarm(alarms, AlarmType.STATE_SAVE_FAILED, false, Duration.ofSeconds(10));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}

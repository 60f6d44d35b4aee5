package net.sonic.portsyncd.bench.e2e;

import static net.sonic.portsyncd.bench.e2e.Samples.ms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.persistence.StateFileStore;
import net.sonic.portsyncd.persistence.StoreSettings;
import net.sonic.portsyncd.testkit.KeyspaceNotifications;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.warmrestart.WarmRestartSettings;

/**
 * Resumes after a restart of the JVM: the whole of portsyncd (database client, capture, lifecycle, state store,
 * engine) is closed, its state file is left as a SIGKILL or a damaged disk would leave it, and a new one is built
 * and activated on the same namespace and Redis while orchagent (the stand-in) runs on. APPL_DB still holds
 * PortConfigDone, so every start must be a resume that reconciles STATE_DB with the kernel. Each round restarts
 * once per kind of state file; in the last round a few ports change while portsyncd is down, so the resume has
 * rows to write and to delete.
 *
 * <p>The clocks start at the new engine's activation (the rest of portsyncd has been built just before, as the
 * container's other components are up when the core activates): the lifecycle's reconciliation report, and the
 * last STATE_DB port row notification before a marker written after it, once STATE_DB is seen equal to the kernel
 * ({@code ip link}) at the marker. The JIT is as warm as the earlier phases left it.
 */
final class ResumeAfterRestart implements AutoCloseable {
    private static final String RESUME_REASON = "resume: APPL_DB holds PORT_TABLE:PortConfigDone";
    private static final int ADMIN_CHANGES = 3;

    /** How a restart finds the state file; none of them may seed the start. */
    enum StateFile {
        /** The state directory emptied: no live file, no backup. */
        DELETED {
            @Override
            void leave(Path directory) throws IOException {
                for (Path entry : entries(directory)) {
                    PortCountRun.deleteTree(entry);
                }
            }
        },
        /** The last periodic save of a running engine: no clean-shutdown mark. */
        UNCLEAN {
            @Override
            void leave(Path directory) throws IOException {
                rewrite(directory, saved -> new PortStateSnapshot(saved.savedAtMillis(), saved.bootId(), false,
                        saved.portInitDone(), saved.ports()));
            }
        },
        /** The live file and every backup cut in half. */
        CORRUPT {
            @Override
            void leave(Path directory) throws IOException {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        byte[] bytes = Files.readAllBytes(file);
                        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
                    }
                }
            }
        },
        /** A clean shutdown's file, an hour older than the hot-swap age limit. */
        OLD {
            @Override
            void leave(Path directory) throws IOException {
                long saved = System.currentTimeMillis() - WarmRestartSettings.DEFAULT_HOT_SWAP_MAX_AGE.toMillis()
                        - 3_600_000;
                rewrite(directory, snapshot -> new PortStateSnapshot(saved, snapshot.bootId(), true,
                        snapshot.portInitDone(), snapshot.ports()));
            }
        };

        abstract void leave(Path directory) throws IOException;

        String label() {
            return name().toLowerCase();
        }

        private static List<Path> entries(Path directory) throws IOException {
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.toList();
            }
        }

        /** Rewrites the file the previous engine saved at its shutdown. */
        private static void rewrite(Path directory, UnaryOperator<PortStateSnapshot> change)
                throws IOException {
            StateFileStore files = new StateFileStore(directory, StoreSettings.defaults(), MetricsRecorder.NONE,
                    Clock.systemUTC());
            try {
                PortStateSnapshot saved = files.load().snapshot()
                        .orElseThrow(() -> new IllegalStateException("no state file was saved at the shutdown"));
                files.save(change.apply(saved));
            } finally {
                files.close();
            }
        }
    }

    private final Path databaseConfig;
    private final NetNs ns;
    private final DbConnection state;
    private final KeyspaceNotifications clock;
    private final List<String> ports;
    private final Path stateDirectory;
    private Engine engine;
    private int changedRestarts;

    ResumeAfterRestart(Engine running, Path databaseConfig, NetNs ns, DbConnection state, KeyspaceNotifications clock,
            List<String> ports, Path stateDirectory) {
        this.engine = running;
        this.databaseConfig = databaseConfig;
        this.ns = ns;
        this.state = state;
        this.clock = clock;
        this.ports = ports;
        this.stateDirectory = stateDirectory;
    }

    /** One restart: what is published, and its two clocks (equal: -1 when STATE_DB differed at the marker). */
    private record Restart(Map<String, Object> published, long reconciledNanos, long equalNanos, boolean changed) {
    }

    /**
     * {@code rounds} rounds of one restart per kind of state file, ports changed while down in the last one: the
     * medians and maxima over all restarts, the writes of each, and every restart in detail.
     */
    Map<String, Object> measure(int rounds) throws Exception {
        List<Restart> restarts = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (StateFile file : StateFile.values()) {
                restarts.add(restart(file, round == rounds - 1));
            }
        }
        String prefix = E2eMetrics.RESUME_PREFIX;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(prefix + "restarts, each decided a resume", restarts.size());
        Samples reconciled = new Samples(restarts.stream().mapToLong(Restart::reconciledNanos).toArray());
        summary.put(prefix + "activation -> reconciled, median (ms)", ms(reconciled.percentile(50)));
        summary.put(prefix + "activation -> reconciled, max (ms)", ms(reconciled.max()));
        long notEqual = restarts.stream().filter(restart -> restart.equalNanos() < 0).count();
        summary.put(prefix + "restarts with STATE_DB not equal to the kernel at the marker", notEqual);
        if (notEqual == 0) {
            Samples equal = new Samples(restarts.stream().mapToLong(Restart::equalNanos).toArray());
            summary.put(prefix + "activation -> STATE_DB equals the kernel, median (ms)", ms(equal.percentile(50)));
            summary.put(prefix + "activation -> STATE_DB equals the kernel, max (ms)", ms(equal.max()));
            Samples changed = new Samples(restarts.stream().filter(Restart::changed).mapToLong(Restart::equalNanos)
                    .toArray());
            summary.put(prefix + "ports changed while down: activation -> STATE_DB equals the kernel, median (ms)",
                    ms(changed.percentile(50)));
            summary.put(prefix + "ports changed while down: activation -> STATE_DB equals the kernel, max (ms)",
                    ms(changed.max()));
        }
        summary.put(prefix + "STATE_DB PORT_TABLE writes / deletes, per restart", restarts.stream()
                .map(restart -> restart.published().get(E2eMetrics.RESUME_WRITES)).toList().toString());
        summary.put(E2eMetrics.RESUME_REPEATS, restarts.stream().map(Restart::published).toList());
        return summary;
    }

    private Restart restart(StateFile file, boolean changePorts) throws Exception {
        engine.close();
        file.leave(stateDirectory);
        String changes = changePorts ? changeWhileDown() : "none";
        Map<String, KernelLinks.Link> kernelBefore = KernelLinks.read(ns);
        int differing = KernelLinks.stalePorts(ports, kernelBefore, rows()).size();

        // counted from here: what the new portsyncd writes (the old one's last writes are not the resume's)
        StateWrites writes = new StateWrites();
        clock.sendTo(writes);
        long building = System.nanoTime();
        Engine started = new Engine(databaseConfig, ns.name(), stateDirectory);
        engine = started;
        long activated = System.nanoTime();
        started.activateSync();
        PortCountRun.await(() -> started.lifecycle.lastReconciliation() != null,
                () -> "no reconciliation after the restart (" + file.label() + " state file)");
        TimedLifecycle.Reconciliation reconciliation = started.lifecycle.lastReconciliation();
        StartDecision decision = started.lifecycle.lastDecision().orElseThrow();
        if (decision.mode() != RestartMode.WARM || !decision.hotSwap() || !decision.reason().startsWith(RESUME_REASON)) {
            throw new IllegalStateException("the restart with a " + file.label() + " state file was not a resume: "
                    + decision);
        }
        writes.closeWithMarker(state);
        clock.discard();
        Map<String, KernelLinks.Link> kernelAfter = KernelLinks.read(ns);
        List<String> stale = KernelLinks.stalePorts(ports, kernelAfter, rows());
        if (!stale.isEmpty()) {
            System.out.println("  stale after a resume (" + file.label() + "): " + stale.stream().limit(5).toList());
        }

        Map<String, Object> repeat = new LinkedHashMap<>();
        repeat.put("state file", file.label());
        repeat.put("ports changed while down", changes);
        repeat.put("ports differing at activation", differing);
        repeat.put("portsyncd built before activation (ms)", ms(activated - building));
        repeat.put(E2eMetrics.RESUME_RECONCILED, ms(reconciliation.nanos() - activated));
        long equal = Math.max(writes.lastNanos(), activated) - activated;
        repeat.put(E2eMetrics.RESUME_EQUAL, stale.isEmpty() ? (Object) ms(equal) : "not at the marker");
        repeat.put(E2eMetrics.RESUME_WRITES, writes.writes() + " / " + writes.deletes());
        repeat.put("engine's count: written / deleted", reconciliation.written() + " / " + reconciliation.deleted());
        repeat.put("ports stale at the marker", stale.size());
        repeat.put("PortConfigDone written", writes.portConfigDone());
        repeat.put("kernel admin status changed during the start", changed(kernelBefore, kernelAfter,
                KernelLinks.Link::adminUp));
        // linkwatch can report a tap's operstate seconds after a storm: a real change the resume must write
        repeat.put("kernel oper status changed during the start", changed(kernelBefore, kernelAfter,
                KernelLinks.Link::operUp));
        Map<String, Object> decided = new LinkedHashMap<>();
        decided.put("mode", decision.mode().name());
        decided.put("hot swap", decision.hotSwap());
        decided.put("reason", decision.reason());
        repeat.put("decision", decided);
        return new Restart(repeat, reconciliation.nanos() - activated, stale.isEmpty() ? equal : -1, changePorts);
    }

    /**
     * What happens to a few ports while portsyncd is down: admin toggled, a netdev deleted (its row must go) and
     * the one deleted the time before re-created as a new netdev (its row must come back).
     */
    private String changeWhileDown() {
        int k = changedRestarts++;
        Map<String, KernelLinks.Link> kernel = KernelLinks.read(ns);
        for (int j = 0; j < ADMIN_CHANGES; j++) {
            String port = ports.get(k * ADMIN_CHANGES + j);
            if (kernel.get(port).adminUp()) {
                ns.down(port);
            } else {
                ns.up(port);
            }
        }
        ns.delete(ports.get(ports.size() - 1 - k));
        if (k > 0) {
            ns.addTap(ports.get(ports.size() - k));
            return ADMIN_CHANGES + " admin -1 +1";
        }
        return ADMIN_CHANGES + " admin -1";
    }

    /** Ports present before and after whose {@code flag} differs. */
    private static long changed(Map<String, KernelLinks.Link> before, Map<String, KernelLinks.Link> after,
            Predicate<KernelLinks.Link> flag) {
        return before.entrySet().stream().filter(link -> after.containsKey(link.getKey())
                && flag.test(after.get(link.getKey())) != flag.test(link.getValue())).count();
    }

    private Map<String, Map<String, String>> rows() {
        return KernelLinks.stateRows(state, ports);
    }

    /** Closes the engine of the last restart. */
    @Override
    public void close() {
        engine.close();
    }
}

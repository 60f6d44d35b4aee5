package net.sonic.portsyncd.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches portsyncd from outside, with the real parts only, for what a hitless restart must never do: delete the
 * STATE_DB row of a live port, set an Ethernet netdev admin-down, publish PortConfigDone again; and tells whether
 * STATE_DB equals the kernel. Redis is watched with {@code MONITOR} (every command, those run by scripts included),
 * the namespace with {@code ip -n <ns> monitor link}; both are recording before the constructor returns. A row
 * deletion counts when the port's netdev was there when the command ran and was not deleted within
 * {@link #DEATH_NOTICE} after it (ip monitor may report a deletion later than Redis shows its consequence), so a
 * port that really vanished may lose its row. Redis restarted and a namespace replaced are followed
 * with {@link #reattachRedis()} and {@link #detachNamespace()}/{@link #attachNamespace()}.
 */
public final class HitlessWitness implements AutoCloseable {
    private static final int APPL_DB = 0;
    private static final int STATE_DB = 6;
    private static final Duration READY = Duration.ofSeconds(10);
    private static final Duration MARK_AGAIN = Duration.ofMillis(500);
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();
    private static final Pattern LINK = Pattern.compile("^(Deleted )?\\d+: ([^:@\\s]+)(@\\S+)?: <([^>]*)>");
    private static final Pattern MTU = Pattern.compile(" mtu (\\d+)");
    private static final Duration DEATH_NOTICE = Duration.ofSeconds(1);
    /** Commands that take a row away, whole or a field of it, now or later; the key is the first argument. */
    private static final Set<String> ROW_REMOVALS = Set.of("HDEL", "GETDEL", "EXPIRE", "PEXPIRE", "EXPIREAT",
            "PEXPIREAT", "RENAME", "RENAMENX");

    private final RedisServer redis;
    private final NetNs ns;
    private final Set<String> livePorts;
    private final Set<String> upPorts;
    private volatile RedisMonitor monitor;
    private Process linkMonitor;
    private Thread linkReader;
    /** Netdevs of the namespace by name; guards the deletions, which are judged as netdevs die. */
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    /** Row deletions of ports whose netdevs have lived on since. */
    private final List<Deletion> deletionsOfLivePorts = new CopyOnWriteArrayList<>();
    private final List<String> stateDbDeletions = new CopyOnWriteArrayList<>();
    private final List<String> portConfigDoneWrites = new CopyOnWriteArrayList<>();
    private final List<String> adminDowns = new CopyOnWriteArrayList<>();
    private final List<String> linkLines = new CopyOnWriteArrayList<>();

    /**
     * @param livePorts ports whose netdevs exist for the whole watch: their STATE_DB rows must never be deleted
     * @param upPorts   ports nobody but portsyncd could set admin-down during the watch: they must stay up
     */
    public HitlessWitness(RedisServer redis, NetNs ns, Collection<String> livePorts, Collection<String> upPorts)
            throws IOException {
        this.redis = redis;
        this.ns = ns;
        this.livePorts = Set.copyOf(livePorts);
        this.upPorts = Set.copyOf(upPorts);
        monitor = new RedisMonitor(redis, this::record);
        attachNamespace();
    }

    /**
     * Watches a restarted Redis: a restart ends the MONITOR connection, and what the new server runs before this
     * call is not seen, so call it before anything else may write there (for a container, while its JVM is
     * stopped).
     */
    public void reattachRedis() {
        if (monitor.connected()) {
            throw new IllegalStateException("Redis is still watched on port " + redis.port());
        }
        monitor = new RedisMonitor(redis, this::record);
    }

    /**
     * Stops watching the namespace, before it is deleted or replaced: {@code ip monitor} runs inside it and would
     * keep it, links and all, alive. Its netdevs count as gone from then on.
     */
    public synchronized void detachNamespace() throws InterruptedException {
        syncRedis();
        linkMonitor.destroy();
        linkMonitor.waitFor();
        linkReader.join();
        linkMonitor = null;
        List.copyOf(alive).forEach(this::died);
    }

    /** Watches the namespace now under the name (the constructor does it for the first); its netdevs live. */
    public synchronized void attachNamespace() throws IOException {
        if (linkMonitor != null) {
            throw new IllegalStateException("the namespace is still watched");
        }
        syncRedis();
        Process process = new ProcessBuilder("ip", "-n", ns.name(), "monitor", "link").redirectErrorStream(true)
                .start();
        linkMonitor = process;
        linkReader = daemon("witness-ip-monitor", () -> readLinks(process.getInputStream()));
        linkReader.start();
        syncLinks();
        alive.addAll(kernelRows().keySet());
    }

    /**
     * Deletions (DEL, UNLINK, HDEL, EXPIRE, ...) of the STATE_DB PORT_TABLE row of a live port, as MONITOR showed
     * them: the port's netdev existed when the command ran and has not been deleted since.
     */
    public List<String> stateDbDeletions() {
        List<String> deletions = new ArrayList<>(stateDbDeletions);
        deletionsOfLivePorts.forEach(deletion -> deletions.add(deletion.line()));
        return deletions;
    }

    /** Writes of PortConfigDone into APPL_DB (the producer's {@code _PORT_TABLE:} hash, the key set, the table). */
    public List<String> portConfigDoneWrites() {
        return List.copyOf(portConfigDoneWrites);
    }

    /** {@code ip monitor} lines showing one of the up ports without IFF_UP. */
    public List<String> adminDowns() {
        return List.copyOf(adminDowns);
    }

    /** Fails with every violation seen so far, each named, {@code during} saying what was going on. */
    public void assertHitless(String during) {
        syncRedis();
        synchronized (this) {
            if (linkMonitor != null) {
                syncLinks();
            }
        }
        List<String> violations = new ArrayList<>();
        stateDbDeletions().forEach(line -> violations.add("STATE_DB row of a live port deleted: " + line));
        adminDowns.forEach(line -> violations.add("port set admin-down: " + line));
        portConfigDoneWrites.forEach(line -> violations.add("PortConfigDone published again: " + line));
        if (!violations.isEmpty()) {
            throw new AssertionError("not hitless during " + during + ":\n  " + String.join("\n  ", violations));
        }
    }

    /**
     * Waits until STATE_DB equals the kernel for {@code ports}; fails naming every difference at the deadline.
     *
     * @return how long it took
     */
    public Duration awaitStateDbEqualsKernel(Collection<String> ports, Duration within) {
        long began = System.nanoTime();
        String[] last = {""};
        Poll.until(within, () -> {
            Optional<String> difference = stateDbDifference(ports);
            last[0] = difference.orElse("");
            return difference.isEmpty();
        }, () -> "STATE_DB still differs from the kernel after " + within.toMillis() + " ms: " + last[0]);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /**
     * How STATE_DB {@code PORT_TABLE} differs from the kernel for {@code ports}, empty when it does not: a port with
     * a netdev has a row with {@code state ok} and its admin state, oper state (IFF_UP and carrier) and MTU; a port
     * without one has no row.
     */
    public Optional<String> stateDbDifference(Collection<String> ports) {
        Map<String, Map<String, String>> kernel = kernelRows();
        Map<String, String> differences = new TreeMap<>();
        for (String port : ports) {
            Map<String, String> row = hgetall(STATE_DB, "PORT_TABLE|" + port);
            Map<String, String> expected = kernel.get(port);
            if (expected == null) {
                if (!row.isEmpty()) {
                    differences.put(port, "row " + row + " without a netdev");
                }
                continue;
            }
            Map<String, String> seen = new LinkedHashMap<>();
            expected.keySet().forEach(field -> seen.put(field, row.get(field)));
            if (!seen.equals(expected)) {
                differences.put(port, "STATE_DB " + seen + " kernel " + expected);
            }
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(differences.toString());
    }

    /** The STATE_DB fields the kernel's state of every link in the namespace calls for. */
    private Map<String, Map<String, String>> kernelRows() {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (String line : ns.ip("-o", "link", "show").split("\n")) {
            Matcher link = LINK.matcher(line.trim());
            if (!link.find()) {
                continue;
            }
            List<String> flags = List.of(link.group(4).split(","));
            boolean up = flags.contains("UP");
            Map<String, String> row = new LinkedHashMap<>();
            row.put("state", "ok");
            row.put("admin_status", up ? "up" : "down");
            row.put("netdev_oper_status", up && flags.contains("LOWER_UP") ? "up" : "down");
            Matcher mtu = MTU.matcher(line);
            row.put("mtu", mtu.find() ? mtu.group(1) : null);
            rows.put(link.group(2), row);
        }
        return rows;
    }

    private Map<String, String> hgetall(int db, String key) {
        String[] reply = redis.commandOn(db, "HGETALL", key).split("\n", -1);
        Map<String, String> row = new TreeMap<>();
        for (int i = 0; i + 1 < reply.length; i += 2) {
            row.put(reply[i], reply[i + 1]);
        }
        return row;
    }

    /** Every command Redis ran before the call has been looked at. */
    private void syncRedis() {
        if (!monitor.connected()) {
            throw new AssertionError("Redis is not watched: the MONITOR connection ended (Redis restarted? "
                    + "reattachRedis)");
        }
        monitor.sync();
    }

    /**
     * A change of our own that ip monitor must report: it has reported everything before it. A freshly started
     * {@code ip monitor} subscribes some time after its process starts, and a change made before that is never
     * reported: the change is made again, the other way, every {@link #MARK_AGAIN} until the latest one is reported.
     */
    private void syncLinks() {
        int before = linkLines.size();
        long deadline = System.nanoTime() + READY.toNanos();
        String mtu = ns.ip("-o", "link", "show", "lo").contains(" mtu 65535 ") ? "65536" : "65535";
        ns.ip("link", "set", "lo", "mtu", mtu);
        long markedAt = System.nanoTime();
        while (!reportedMtu(before, mtu)) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                throw new AssertionError("ip monitor link did not report lo's mtu " + mtu + " in " + ns.name()
                        + " within " + READY.toMillis() + " ms: " + linkLines);
            }
            if (now - markedAt > MARK_AGAIN.toNanos()) {
                mtu = "65535".equals(mtu) ? "65536" : "65535";
                ns.ip("link", "set", "lo", "mtu", mtu);
                markedAt = System.nanoTime();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private boolean reportedMtu(int linesBefore, String mtu) {
        return linkLines.stream().skip(linesBefore)
                .anyMatch(line -> line.contains(": lo: ") && line.contains(" mtu " + mtu + " "));
    }


    /** A netdev is gone: a row deletion shortly before was its consequence, an earlier one was not. */
    private void died(String port) {
        synchronized (alive) {
            alive.remove(port);
            long now = System.nanoTime();
            for (Deletion deletion : deletionsOfLivePorts) {
                if (deletion.port().equals(port)) {
                    deletionsOfLivePorts.remove(deletion);
                    if (now - deletion.seenNanos() > DEATH_NOTICE.toNanos()) {
                        stateDbDeletions.add(deletion.line());
                    }
                }
            }
        }
    }

    private void record(MonitorLine command) {
        List<String> args = command.args();
        if (args.size() < 2) {
            return;
        }
        String name = command.name();
        boolean removesKeys = name.equals("DEL") || name.equals("UNLINK");
        if (command.db() == STATE_DB && (removesKeys || ROW_REMOVALS.contains(name))) {
            for (String key : removesKeys ? args.subList(1, args.size()) : args.subList(1, 2)) {
                String port = key.startsWith("PORT_TABLE|") ? key.substring("PORT_TABLE|".length()) : "";
                synchronized (alive) {
                    if (livePorts.contains(port) && alive.contains(port)) {
                        deletionsOfLivePorts.add(new Deletion(port, System.nanoTime(), command.toString()));
                    }
                }
            }
        }
        if (command.db() == APPL_DB && List.of("HSET", "HMSET", "HSETNX", "SADD").contains(name)
                && args.stream().anyMatch(arg -> arg.equals("PortConfigDone") || arg.endsWith(":PortConfigDone"))) {
            portConfigDoneWrites.add(command.toString());
        }
    }

    private void readLinks(InputStream output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher link = LINK.matcher(line);
                boolean isLink = link.find();
                if (isLink && link.group(1) == null) {
                    alive.add(link.group(2));
                } else if (isLink) {
                    died(link.group(2));
                }
                linkLines.add(line);
                if (isLink && link.group(1) == null && upPorts.contains(link.group(2))
                        && !List.of(link.group(4).split(",")).contains("UP")) {
                    adminDowns.add(line);
                }
            }
        } catch (IOException closed) {
            // close() ends the watch
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public synchronized void close() throws IOException {
        if (linkMonitor != null) {
            linkMonitor.destroy();
        }
        try {
            monitor.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Deletion(String port, long seenNanos, String line) {
    }
}

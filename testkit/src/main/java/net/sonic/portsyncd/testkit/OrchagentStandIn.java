package net.sonic.portsyncd.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.SonicDb;

/**
 * What orchagent and syncd do with APPL_DB PORT_TABLE in SONiC, as far as portsyncd can tell, for a machine without
 * them: pop the table with a ConsumerStateTable, as orchagent does (which fills the final {@code PORT_TABLE:<port>}
 * rows), and, like SAI, create each popped port's host interface in a network namespace. It behaves in one of two
 * ways:
 * <ul>
 * <li>{@link #likeOrchagent}: a tap per port, created only once PortConfigDone has been popped (orchagent creates no
 * port before it), with the {@code mtu} and {@code admin_status} of its APPL_DB row, applied again whenever a popped
 * row changes them (as orchagent and portmgrd do); a popped DEL removes it. What it does and refuses, it says on a
 * line sink. For the demo, the package and container tests and the benchmarks.</li>
 * <li>{@link #creatingAtOnce}: a host interface of the kind asked for the moment its port is first popped, left as
 * the kernel creates it (down, mtu 1500) and kept. For the engine's tests, which set the netdevs as they need.</li>
 * </ul>
 * It pops on a thread of its own after {@link #start()}, or on the caller's in {@link #run()} and {@link #pollOnce}.
 */
public final class OrchagentStandIn implements AutoCloseable {

    /** What a popped port gets in the namespace. */
    public enum HostInterfaces {
        /** Nothing: pops only. */
        NONE,
        /** A tap: admin state follows the port, never carrier. */
        TAP,
        /** A veth whose peer ({@link #peerOf}) is up: carrier, so oper up once the port is up. */
        VETH
    }

    private static final String PORT_CONFIG_DONE = "PortConfigDone";
    private static final String PORT_INIT_DONE = "PortInitDone";
    /** A SONiC port's name that the kernel takes for an interface name, and one word of an {@code ip -batch} line. */
    private static final Pattern PORT_NAME = Pattern.compile("Ethernet[A-Za-z0-9_.-]{0,7}");
    private static final Duration POP_WAIT = Duration.ofMillis(100);
    private static final long OUTAGE_PAUSE_MILLIS = 50;

    private final ConsumerStateTable consumer;
    private final String netns;
    private final HostInterfaces kind;
    private final boolean followsOrchagent;
    private final Consumer<String> out;
    private final List<KeyOpFields> popped = new CopyOnWriteArrayList<>();
    /** Popped before PortConfigDone, with what APPL_DB said of them so far. */
    private final Map<String, HostInterfaceSettings> waitingForConfigDone = new LinkedHashMap<>();
    /** The host interfaces created, each with the settings last applied to it. */
    private final Map<String, HostInterfaceSettings> created = new LinkedHashMap<>();
    private volatile int hostInterfaces;
    private boolean configDone;
    private volatile boolean running = true;
    private volatile Thread thread;
    private volatile RuntimeException failure;

    private OrchagentStandIn(SonicDb db, String netns, HostInterfaces kind, boolean followsOrchagent,
            Consumer<String> out) {
        this.consumer = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);
        this.netns = netns;
        this.kind = kind;
        this.followsOrchagent = followsOrchagent;
        this.out = out;
    }

    /** Taps after PortConfigDone, with their rows' mtu and admin_status, removed on DEL; says what it does on {@code out}. */
    public static OrchagentStandIn likeOrchagent(SonicDb db, String netns, Consumer<String> out) {
        return new OrchagentStandIn(db, netns, HostInterfaces.TAP, true, out);
    }

    /** A host interface of {@code kind} the moment its port is first popped, as the kernel creates it; kept. */
    public static OrchagentStandIn creatingAtOnce(SonicDb db, String netns, HostInterfaces kind) {
        return new OrchagentStandIn(db, netns, kind, false, line -> { });
    }

    /** The other end of {@code port}'s veth: {@code Ethernet12} has {@code pe12}. */
    public static String peerOf(String port) {
        return "pe" + port.substring("Ethernet".length());
    }

    /** Pops on a thread of its own until {@link #close()}; a failure there fails {@link #popped()} and close(). */
    public OrchagentStandIn start() {
        Thread popping = new Thread(() -> {
            try {
                run();
            } catch (RuntimeException e) {
                failure = e;
                say("stopped: " + e);
            }
        }, "orchagent-stand-in");
        popping.setDaemon(true);
        thread = popping;
        popping.start();
        return this;
    }

    /** Pops until {@link #close()}; while Redis is unavailable it waits for it, as orchagent does. */
    public void run() {
        while (running) {
            try {
                pollOnce(POP_WAIT);
            } catch (DbUnavailableException outage) {
                say("Redis unavailable (" + outage.getMessage() + "), retrying");
                try {
                    Thread.sleep(OUTAGE_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                if (running) {
                    throw e;
                }
            }
        }
    }

    /** Pops what is pending (waiting up to {@code timeout} for a notification) and acts on it. */
    public void pollOnce(Duration timeout) {
        List<KeyOpFields> batch = consumer.pop(timeout);
        popped.addAll(batch);
        // in the order popped, so that a DEL and a SET of the same port in one batch stay in that order
        Changes changes = new Changes();
        for (KeyOpFields entry : batch) {
            act(entry, changes);
        }
        if (changes.commands.isEmpty()) {
            return;
        }
        ipBatch(changes.commands);
        hostInterfaces = created.size();
        if (changes.created > 0) {
            say("created " + changes.created + " host interface(s) in netns " + netns + " (" + created.size()
                    + " in all)" + (followsOrchagent ? ", with the mtu and admin_status of their APPL_DB rows" : ""));
        }
        if (!changes.applied.isEmpty()) {
            say("applied " + changes.applied);
        }
        if (!changes.removed.isEmpty()) {
            say("removed host interface(s) " + changes.removed);
        }
    }

    /** Everything popped so far, in order. */
    public List<KeyOpFields> popped() {
        throwIfFailed();
        return List.copyOf(popped);
    }

    /** Everything popped so far of {@code key}, in order. */
    public List<KeyOpFields> popped(String key) {
        return popped().stream().filter(entry -> entry.key().equals(key)).toList();
    }

    /** The host interfaces there are now. */
    public int hostInterfaces() {
        return hostInterfaces;
    }

    private void act(KeyOpFields entry, Changes changes) {
        String key = entry.key();
        if (PORT_CONFIG_DONE.equals(key)) {
            configDone = true;
            say("PortConfigDone " + entry.fields());
            waitingForConfigDone.forEach((port, settings) -> create(port, settings, changes));
            waitingForConfigDone.clear();
        } else if (PORT_INIT_DONE.equals(key)) {
            say("PortInitDone " + entry.fields());
        } else if (kind != HostInterfaces.NONE && !PORT_NAME.matcher(key).matches()) {
            say("PORT_TABLE key '" + HostInterfaceSettings.printable(key) + "' ignored: not a port's interface name");
        } else if (kind != HostInterfaces.NONE && followsOrchagent) {
            actLikeOrchagent(key, entry, changes);
        } else if (kind != HostInterfaces.NONE && entry.op() == KeyOpFields.Op.SET && !created.containsKey(key)) {
            create(key, HostInterfaceSettings.NONE, changes);
        }
    }

    private void actLikeOrchagent(String key, KeyOpFields entry, Changes changes) {
        if (entry.op() == KeyOpFields.Op.DEL) {
            waitingForConfigDone.remove(key);
            if (created.remove(key) != null) {
                changes.commands.add("link del " + key);
                changes.removed.add(key);
            }
        } else if (created.containsKey(key)) {
            HostInterfaceSettings applied = created.get(key);
            HostInterfaceSettings wanted = applied.with(key, entry.fields(), this::say);
            List<String> commands = wanted.commandsFrom(applied, key);
            if (!commands.isEmpty()) {
                changes.commands.addAll(commands);
                created.put(key, wanted);
                changes.applied.add(key + " mtu " + wanted.mtu() + " admin_status " + wanted.adminStatus());
            }
        } else {
            HostInterfaceSettings wanted = waitingForConfigDone.getOrDefault(key, HostInterfaceSettings.NONE)
                    .with(key, entry.fields(), this::say);
            if (configDone) {
                create(key, wanted, changes);
            } else {
                waitingForConfigDone.put(key, wanted);
            }
        }
    }

    private void create(String port, HostInterfaceSettings settings, Changes changes) {
        if (kind == HostInterfaces.TAP) {
            changes.commands.add("tuntap add dev " + port + " mode tap");
        } else {
            changes.commands.add("link add " + port + " type veth peer name " + peerOf(port));
            changes.commands.add("link set " + peerOf(port) + " up");
        }
        changes.commands.addAll(settings.commandsFrom(HostInterfaceSettings.NONE, port));
        created.put(port, settings);
        changes.created++;
    }

    /** Like orchagent, a refusal by the kernel is said and popping goes on; an engine's test fails on it instead. */
    private void ipBatch(List<String> commands) {
        Processes.Result ip = Processes.tryRun(List.of("ip", "-n", netns, "-force", "-batch", "-"),
                String.join("\n", commands) + "\n");
        if (ip.exitCode() != 0 && !followsOrchagent) {
            throw new IllegalStateException("ip -batch in netns " + netns + " exited " + ip.exitCode() + ": "
                    + ip.output().trim());
        }
        if (ip.exitCode() != 0) {
            say("ip -batch reported: " + ip.output().trim());
        }
    }

    private void say(String line) {
        out.accept("orchagent stand-in: " + line);
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new AssertionError("the orchagent stand-in failed", failure);
        }
    }

    @Override
    public void close() {
        running = false;
        Thread popping = thread;
        if (popping != null) {
            try {
                popping.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close();
        throwIfFailed();
    }

    /** What one popped batch asks of the namespace. */
    private static final class Changes {
        final List<String> commands = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<String> applied = new ArrayList<>();
        int created;
    }
}

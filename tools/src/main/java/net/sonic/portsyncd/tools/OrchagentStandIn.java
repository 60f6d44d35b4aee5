package net.sonic.portsyncd.tools;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for orchagent and syncd, for demos and benchmarks on a machine without SONiC: it pops APPL_DB
 * PORT_TABLE as orchagent's ConsumerStateTable does and, like SAI, creates a host interface (a tap netdev) in the
 * given network namespace for each port once PortConfigDone has been popped; a popped DEL removes it. As orchagent
 * and portmgrd do on a switch, it gives each host interface the {@code mtu} and {@code admin_status} of its APPL_DB
 * row when it creates it, and applies them again whenever a popped row changes them.
 */
public final class OrchagentStandIn implements AutoCloseable {
    private static final String PORT_CONFIG_DONE = "PortConfigDone";
    private static final String PORT_INIT_DONE = "PortInitDone";
    /** A name the kernel takes for an interface, and one word of an {@code ip -batch} line. */
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private final ConsumerStateTable consumer;
    private final String netns;
    private final Consumer<String> out;
    /** Popped before PortConfigDone, with what APPL_DB said of them so far: orchagent creates no port before it. */
    private final Map<String, HostInterfaceSettings> waitingForConfigDone = new LinkedHashMap<>();
    /** The host interfaces created, each with the settings last applied to it. */
    private final Map<String, HostInterfaceSettings> created = new LinkedHashMap<>();
    private volatile int hostInterfaces;
    private boolean configDone;
    private volatile boolean running = true;

    public OrchagentStandIn(SonicDb db, String netns, Consumer<String> out) {
        this.consumer = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);
        this.netns = netns;
        this.out = out;
    }

    /** Pops until {@link #close()} is called. */
    public void run() {
        while (running) {
            try {
                pollOnce(Duration.ofMillis(500));
            } catch (DbUnavailableException e) {
                out.accept("orchagent stand-in: Redis unavailable (" + e.getMessage() + "), retrying");
            }
        }
    }

    /** Pops what is pending (waiting up to {@code timeout} for a notification) and acts on it. */
    public void pollOnce(Duration timeout) {
        // in the order popped, so that a DEL and a SET of the same port in one batch stay in that order
        List<String> commands = new ArrayList<>();
        int createdNow = 0;
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (KeyOpFields entry : consumer.pop(timeout)) {
            String key = entry.key();
            if (PORT_CONFIG_DONE.equals(key)) {
                configDone = true;
                out.accept("orchagent stand-in: PortConfigDone " + entry.fields());
                for (Map.Entry<String, HostInterfaceSettings> waiting : waitingForConfigDone.entrySet()) {
                    create(waiting.getKey(), waiting.getValue(), commands);
                    createdNow++;
                }
                waitingForConfigDone.clear();
            } else if (PORT_INIT_DONE.equals(key)) {
                out.accept("orchagent stand-in: PortInitDone " + entry.fields());
            } else if (!IFNAME.matcher(key).matches()) {
                out.accept("orchagent stand-in: PORT_TABLE key '" + HostInterfaceSettings.printable(key)
                        + "' ignored: not an interface name");
            } else if (entry.op() == KeyOpFields.Op.DEL) {
                waitingForConfigDone.remove(key);
                if (created.remove(key) != null) {
                    commands.add("link del " + key);
                    removed.add(key);
                }
            } else if (created.containsKey(key)) {
                HostInterfaceSettings applied = created.get(key);
                HostInterfaceSettings wanted = applied.with(key, entry.fields(), this::refused);
                List<String> changes = wanted.commandsFrom(applied, key);
                if (!changes.isEmpty()) {
                    commands.addAll(changes);
                    created.put(key, wanted);
                    changed.add(key + " " + describe(wanted));
                }
            } else {
                HostInterfaceSettings wanted = waitingForConfigDone.getOrDefault(key, HostInterfaceSettings.NONE)
                        .with(key, entry.fields(), this::refused);
                if (configDone) {
                    create(key, wanted, commands);
                    createdNow++;
                } else {
                    waitingForConfigDone.put(key, wanted);
                }
            }
        }
        if (commands.isEmpty()) {
            return;
        }
        ipBatch(commands);
        hostInterfaces = created.size();
        if (createdNow > 0) {
            out.accept("orchagent stand-in: created " + createdNow + " host interface(s) in netns " + netns + " ("
                    + created.size() + " in all), with the mtu and admin_status of their APPL_DB rows");
        }
        if (!changed.isEmpty()) {
            out.accept("orchagent stand-in: applied " + changed);
        }
        if (!removed.isEmpty()) {
            out.accept("orchagent stand-in: removed host interface(s) " + removed);
        }
    }

    /** The host interfaces created so far (safe to read from any thread). */
    public int hostInterfaces() {
        return hostInterfaces;
    }

    private void create(String port, HostInterfaceSettings settings, List<String> commands) {
        commands.add("tuntap add dev " + port + " mode tap");
        commands.addAll(settings.commandsFrom(HostInterfaceSettings.NONE, port));
        created.put(port, settings);
    }

    private void refused(String what) {
        out.accept("orchagent stand-in: " + what);
    }

    private static String describe(HostInterfaceSettings settings) {
        return "mtu " + settings.mtu() + " admin_status " + settings.adminStatus();
    }

    private void ipBatch(List<String> commands) {
        try {
            Process ip = new ProcessBuilder("ip", "-n", netns, "-force", "-batch", "-")
                    .redirectErrorStream(true).start();
            try (OutputStream stdin = ip.getOutputStream()) {
                stdin.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ip.waitFor(60, TimeUnit.SECONDS) || ip.exitValue() != 0) {
                out.accept("orchagent stand-in: ip -batch reported: " + output.trim());
            }
        } catch (IOException e) {
            out.accept("orchagent stand-in: cannot run ip: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.close();
    }

    /**
     * {@code OrchagentStandIn <database_config.json> <netns> <log file>}: everything it says, with the time, is
     * appended to the log file (the demo runs it beside an interactive console that its lines must not disturb).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: OrchagentStandIn <database_config.json> <network namespace> <log file>");
            System.exit(2);
        }
        PrintStream log = new PrintStream(new FileOutputStream(args[2], true), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        // slf4j-simple writes to System.err, so the database client's lines and any stack trace land there too
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        Logger logger = LoggerFactory.getLogger(OrchagentStandIn.class);
        try (SonicDbClient db = SonicDbClient.open(Path.of(args[0]), "", Duration.ofSeconds(2));
             OrchagentStandIn standIn = new OrchagentStandIn(db, args[1], logger::info)) {
            Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "orchagent-stand-in-stop"));
            logger.info("orchagent stand-in: popping APPL_DB PORT_TABLE, host interfaces go to netns {}", args[1]);
            standIn.run();
        }
    }
}

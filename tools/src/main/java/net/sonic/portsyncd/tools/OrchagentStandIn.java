package net.sonic.portsyncd.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;

/**
 * A stand-in for orchagent and syncd, for demos and benchmarks on a machine without SONiC: it pops APPL_DB
 * PORT_TABLE as orchagent's ConsumerStateTable does and, like SAI, creates a host interface (a tap netdev) in the
 * given network namespace for each port once PortConfigDone has been popped; a popped DEL removes it.
 */
public final class OrchagentStandIn implements AutoCloseable {
    private static final String PORT_CONFIG_DONE = "PortConfigDone";
    private static final String PORT_INIT_DONE = "PortInitDone";

    private final ConsumerStateTable consumer;
    private final String netns;
    private final Consumer<String> out;
    private final Set<String> waitingForConfigDone = new LinkedHashSet<>();
    private final Set<String> created = new LinkedHashSet<>();
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
        List<String> toCreate = new ArrayList<>();
        List<String> toDelete = new ArrayList<>();
        for (KeyOpFields entry : consumer.pop(timeout)) {
            String key = entry.key();
            if (PORT_CONFIG_DONE.equals(key)) {
                configDone = true;
                out.accept("orchagent stand-in: PortConfigDone " + entry.fields());
                toCreate.addAll(waitingForConfigDone);
                waitingForConfigDone.clear();
            } else if (PORT_INIT_DONE.equals(key)) {
                out.accept("orchagent stand-in: PortInitDone " + entry.fields());
            } else if (entry.op() == KeyOpFields.Op.DEL) {
                waitingForConfigDone.remove(key);
                if (created.remove(key)) {
                    toDelete.add(key);
                }
            } else if (!created.contains(key)) {
                if (configDone) {
                    toCreate.add(key);
                } else {
                    waitingForConfigDone.add(key);
                }
            }
        }
        if (!toCreate.isEmpty() || !toDelete.isEmpty()) {
            List<String> commands = new ArrayList<>();
            toCreate.forEach(name -> commands.add("tuntap add dev " + name + " mode tap"));
            toDelete.forEach(name -> commands.add("link del " + name));
            ipBatch(commands);
            created.addAll(toCreate);
            if (!toCreate.isEmpty()) {
                out.accept("orchagent stand-in: created " + toCreate.size() + " host interface(s) in netns " + netns
                        + " (" + created.size() + " in all)");
            }
            if (!toDelete.isEmpty()) {
                out.accept("orchagent stand-in: removed host interface(s) " + toDelete);
            }
        }
    }

    public int hostInterfaces() {
        return created.size();
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

    /** {@code OrchagentStandIn <database_config.json> <netns>} */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: OrchagentStandIn <database_config.json> <network namespace>");
            System.exit(2);
        }
        try (SonicDbClient db = SonicDbClient.open(Path.of(args[0]), "", Duration.ofSeconds(2));
             OrchagentStandIn standIn = new OrchagentStandIn(db, args[1], System.out::println)) {
            Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "orchagent-stand-in-stop"));
            System.out.println("orchagent stand-in: popping APPL_DB PORT_TABLE, host interfaces go to netns " + args[1]);
            standIn.run();
        }
    }
}

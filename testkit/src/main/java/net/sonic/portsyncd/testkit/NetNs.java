package net.sonic.portsyncd.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of the test's own, with helpers to add SONiC-named tap interfaces, veth pairs and
 * bridges. {@link #close()} deletes it (and everything in it); a JVM shutdown hook does too, should a test die.
 */
public final class NetNs implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final java.util.regex.Pattern ORPHAN_PATTERN =
            java.util.regex.Pattern.compile("[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*-(\\d+)-\\d+");
    private final String name;
    private final Thread cleanup;
    private boolean closed;

    private NetNs(String name) {
        this.name = name;
        this.cleanup = new Thread(this::delete, "netns-cleanup-" + name);
    }

    public static NetNs create(String prefix) {
        Environment.requireRoot();
        Environment.require("ip", "iproute2");
        removeOrphans();
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Processes.run(List.of("ip", "netns", "add", name));
        NetNs ns = new NetNs(name);
        Runtime.getRuntime().addShutdownHook(ns.cleanup);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** Deletes namespaces this fixture made in test JVMs that no longer run (e.g. killed mid-test). */
    private static void removeOrphans() {
        for (String line : Processes.run(List.of("ip", "netns", "list")).split("\n")) {
            String candidate = line.split(" ")[0].trim();
            java.util.regex.Matcher m = ORPHAN_PATTERN.matcher(candidate);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                Processes.tryRun(List.of("ip", "netns", "del", candidate), null);
            }
        }
    }

    public String name() {
        return name;
    }

    public Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs {@code ip -n <ns> args...}. */
    public String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return Processes.run(command);
    }

    /** Runs many ip commands in one process: {@code ip -n <ns> -batch -}. Each line is one command without "ip". */
    public void batch(List<String> lines) {
        Processes.run(List.of("ip", "-n", name, "-force", "-batch", "-"), String.join("\n", lines) + "\n");
    }

    public void addTap(String ifname) {
        ip("tuntap", "add", "dev", ifname, "mode", "tap");
    }

    /** A veth pair; bring both ends up to get carrier, take the peer down to lose it. */
    public void addVeth(String ifname, String peer) {
        ip("link", "add", ifname, "type", "veth", "peer", "name", peer);
    }

    public void addBridge(String ifname) {
        ip("link", "add", ifname, "type", "bridge");
    }

    public void up(String ifname) {
        ip("link", "set", ifname, "up");
    }

    public void down(String ifname) {
        ip("link", "set", ifname, "down");
    }

    public void delete(String ifname) {
        ip("link", "del", ifname);
    }

    public int ifindex(String ifname) {
        String out = ip("-o", "link", "show", ifname);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    /** {@code ip -j link show}: the kernel's view as JSON. */
    public String linksJson() {
        return ip("-j", "link", "show");
    }

    /**
     * Deletes the namespace under this name, as an operator's {@code ip netns del} does; its links vanish once
     * nothing holds it any more. The name stays this fixture's: {@link #recreate} or {@link #bindFrom} put a new
     * namespace under it, and {@link #close()} removes whatever is there then.
     */
    public synchronized void deleteNamespace() {
        Processes.run(List.of("ip", "netns", "del", name));
    }

    /** Puts a new, empty namespace (loopback up) under this name, as {@code ip netns add} after a delete does. */
    public synchronized void recreate() {
        Processes.run(List.of("ip", "netns", "add", name));
        ip("link", "set", "lo", "up");
    }

    /**
     * Puts the namespace of {@code staged}, already populated, under this name with a bind mount (what
     * {@code ip netns add} makes), so that it appears with its links in place. While the name still names a
     * namespace, the new one is mounted over it: the name then names another namespace with no moment in between.
     * {@code staged} may be closed afterwards; the namespace lives on under this name.
     */
    public synchronized void bindFrom(NetNs staged) {
        if (!Files.exists(path())) {
            Processes.run(List.of("touch", path().toString()));
        }
        Processes.run(List.of("mount", "--bind", staged.path().toString(), path().toString()));
    }

    private synchronized void delete() {
        if (!closed) {
            closed = true;
            // namespaces mounted over each other (bindFrom) take one delete each
            for (int i = 0; i < 8 && Files.exists(path()); i++) {
                Processes.tryRun(List.of("ip", "netns", "del", name), null);
            }
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down; the hook ran or will run
        }
    }
}

package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Karaf assembly unpacked into a directory of its own, configured for a private Redis, a network namespace and
 * a state directory, with free ports for JMX, SSH and HTTP so that it never clashes with another container on the
 * machine; started as {@code bin/karaf server}, the way a service manager runs it. Restartable: each
 * {@link #start()} runs the same installation again.
 */
public final class KarafInstance implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private final Path home;
    private final Path work;
    private final int rmiRegistryPort;
    private final int rmiServerPort;
    private Process launcher;
    private int starts;

    private KarafInstance(Path home, Path work, int rmiRegistryPort, int rmiServerPort) {
        this.home = home;
        this.work = work;
        this.rmiRegistryPort = rmiRegistryPort;
        this.rmiServerPort = rmiServerPort;
    }

    /**
     * Unpacks {@code tarball} (whose top directory is named like the file without {@code .tar.gz}) into
     * {@code work} and configures it.
     */
    public static KarafInstance unpack(Path tarball, Path work, Path databaseConfig, String netns, Path stateDirectory)
            throws IOException {
        Processes.run(List.of("tar", "-xzf", tarball.toString(), "-C", work.toString()));
        Path home = work.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
        Path etc = home.resolve("etc");
        Files.createDirectories(stateDirectory);
        append(etc.resolve("net.sonic.portsyncd.db.cfg"), "database.config.path = " + databaseConfig);
        append(etc.resolve("net.sonic.portsyncd.netlink.cfg"), "netns = " + netns);
        append(etc.resolve("net.sonic.portsyncd.persistence.cfg"), "state.dir = " + stateDirectory);
        append(etc.resolve("net.sonic.portsyncd.metrics.cfg"), "metrics.dir = " + stateDirectory);
        int rmiRegistryPort = freePort();
        int rmiServerPort = freePort();
        ConfigFiles.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", rmiRegistryPort);
        ConfigFiles.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", rmiServerPort);
        ConfigFiles.set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", freePort());
        ConfigFiles.set(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", freePort());
        return new KarafInstance(home, work, rmiRegistryPort, rmiServerPort);
    }

    /** The container's JMX connector address, on the RMI ports chosen for it (users of etc/users.properties). */
    public String jmxServiceUrl() {
        return "service:jmx:rmi://127.0.0.1:" + rmiServerPort + "/jndi/rmi://127.0.0.1:" + rmiRegistryPort
                + "/karaf-root";
    }

    public Path home() {
        return home;
    }

    public Path logDirectory() {
        return home.resolve("data/log");
    }

    /** Starts the container; its console output goes to {@code karaf-<n>.out} in the work directory. */
    public void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("the container is already running");
        }
        starts++;
        launcher = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").redirectErrorStream(true)
                .redirectOutput(consoleOutput().toFile()).start();
    }

    /** What {@code bin/karaf server} printed at the latest {@link #start()}, as a supervisor's log has it. */
    public Path consoleOutput() {
        return work.resolve("karaf-" + starts + ".out");
    }

    public boolean isRunning() {
        return launcher != null && launcher.isAlive();
    }

    /** The container's JVM ({@code bin/karaf} runs it as a child of its shell), once it has been forked. */
    public Optional<ProcessHandle> jvm() {
        if (launcher == null) {
            return Optional.empty();
        }
        return launcher.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
    }

    /** SIGKILL to the JVM and its launcher, as a crash or {@code kill -9} does; returns once both are gone. */
    public void kill() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        jvm().ifPresent(ProcessHandle::destroyForcibly);
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        if (!launcher.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed container did not exit within " + EXIT_WAIT);
        }
        awaitDescendantsGone();
    }

    /**
     * {@code bin/stop}, the orderly shutdown; a container that has not exited within a minute is killed.
     *
     * @return milliseconds from {@code bin/stop} to the exit, or -1 when it had to be killed
     */
    public long stop() throws InterruptedException {
        if (!isRunning()) {
            return 0;
        }
        long stopping = System.nanoTime();
        Processes.tryRun(List.of(home.resolve("bin/stop").toString()), null);
        if (launcher.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            awaitDescendantsGone();
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        }
        dumpThreads();
        kill();
        return -1;
    }

    private void awaitDescendantsGone() {
        Poll.until(EXIT_WAIT, () -> launcher.descendants().noneMatch(ProcessHandle::isAlive),
                "the container's processes to exit");
    }

    /**
     * Kills a container still running; its threads are first written down ({@link #dumpThreads()}), so that a test
     * which gave up on a hung container leaves what it hung on.
     */
    @Override
    public void close() throws InterruptedException {
        if (isRunning()) {
            dumpThreads();
            kill();
        }
    }

    /** Writes the running container's threads to {@code threads-<n>.txt} in its log directory, for a failed test. */
    public void dumpThreads() {
        jvm().ifPresent(this::dumpThreads);
    }

    private void dumpThreads(ProcessHandle jvm) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path dump = logDirectory().resolve("threads-" + starts + ".txt");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("[KarafInstance] no thread dump of " + jvm.pid() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, "\n" + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

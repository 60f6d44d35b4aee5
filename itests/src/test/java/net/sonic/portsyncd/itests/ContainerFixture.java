package net.sonic.portsyncd.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Processes;
import net.sonic.portsyncd.testkit.RedisServer;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots our own Karaf assembly (from the build's tar.gz, no install needed) wired to a private redis-server and a
 * private network namespace that live in the test JVM. Only the outer JVM touches this class.
 */
final class ContainerFixture {
    /** Ports configured in CONFIG_DB before each container boots. */
    static final java.util.List<String> PORTS = java.util.List.of("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
    private static final String FEATURES_CFG = "etc/org.apache.karaf.features.cfg";
    private static final File UNPACK_DIRECTORY = new File("target/exam").getAbsoluteFile();
    private static RedisServer redis;
    private static NetNs netns;
    private static Path workDir;

    private ContainerFixture() {
    }

    /** How many times the hot-swap tests update each bundle: {@code -Dportsyncd.itest.hotswap.updates} (10). */
    static final String HOT_SWAP_UPDATES = "portsyncd.itest.hotswap.updates";

    /** {@link #options} with the hot-swap update count of this run passed into the container. */
    static Option[] hotSwapOptions() {
        return options(org.ops4j.pax.exam.CoreOptions.systemProperty(HOT_SWAP_UPDATES)
                .value(System.getProperty(HOT_SWAP_UPDATES, "10")));
    }

    static synchronized Option[] options(Option... extra) {
        start();
        int[] ports = freePorts(2);
        int httpPort = ports[0];
        int sshPort = ports[1];
        File assembly = new File(System.getProperty("portsyncd.assembly"));
        if (!assembly.isFile()) {
            throw new AssertionError("the Karaf assembly " + assembly + " is missing: build karaf-assembly first");
        }
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(assembly.toURI().toString())
                        .name("portsyncd")
                        .unpackDirectory(UNPACK_DIRECTORY)
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                ContainerUsers.paxExamUsers(assembly),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut(FEATURES_CFG, "featuresBoot", "(" + bootFeatures(assembly) + ")"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
                editConfigurationFilePut("etc/net.sonic.portsyncd.db.cfg", "database.config.path",
                        workDir.resolve("database_config.json").toString()),
                editConfigurationFilePut("etc/net.sonic.portsyncd.netlink.cfg", "netns", netns.name()),
                editConfigurationFilePut("etc/net.sonic.portsyncd.persistence.cfg", "state.dir",
                        workDir.resolve("state").toString()),
                editConfigurationFilePut("etc/net.sonic.portsyncd.metrics.cfg", "metrics.dir",
                        workDir.resolve("state").toString()),
                // ports of their own, so that a container that outlived its test never makes the next one fail;
                // Pax Exam gives each container free RMI ports itself
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        Integer.toString(httpPort)),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort)),
                systemProperty(InContainer.HTTP_PORT).value(Integer.toString(httpPort)),
                systemProperty(InContainer.REDIS_PORT).value(Integer.toString(redis.port())),
                systemProperty(InContainer.NETNS).value(netns.name())));
        options.addAll(List.of(extra));
        return options.toArray(new Option[0]);
    }

    /**
     * SIGKILLs every container JVM running from this module's unpack directory: one that Pax Exam gave up on ("never
     * came up") is not stopped by it and would otherwise keep its CPU and ports while the next container boots.
     */
    static void killLeftoverContainers() {
        String home = "-Dkaraf.home=" + UNPACK_DIRECTORY.getPath() + File.separator;
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(home)).orElse(false))
                .forEach(process -> {
                    System.err.println("[itests] killing a leftover container, pid " + process.pid());
                    process.destroyForcibly();
                });
    }

    /**
     * The assembly's boot features, to be installed as a stage of their own: Pax Exam appends its features (the
     * remote bundle context that installs the test probe) to the list, and within one stage the probe could be
     * installed while Karaf's deployment of the other features still holds its resolver hook, which refuses to
     * resolve any bundle outside that deployment. A later stage is deployed only once the earlier one is done.
     */
    private static String bootFeatures(File assembly) {
        String root = assembly.getName().replaceFirst("\\.tar\\.gz$", "");
        String cfg = Processes.run(List.of("tar", "-xzOf", assembly.getPath(), root + "/" + FEATURES_CFG));
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(cfg));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FEATURES_CFG + " of " + assembly, e);
        }
        String features = properties.getProperty("featuresBoot", "").trim();
        if (features.isEmpty() || features.contains("(")) {
            throw new AssertionError("expected an unstaged featuresBoot in " + FEATURES_CFG + " of " + assembly
                    + ", found '" + features + "'");
        }
        return features;
    }

    /** Distinct free loopback ports: all held open together, so none is handed out twice. */
    private static int[] freePorts(int count) {
        List<java.net.ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (java.net.ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only held to reserve the number
                }
            }
        }
    }

    /**
     * Each test class (one container each) gets an empty Redis, a fresh state directory and a fresh namespace, with
     * CONFIG_DB seeded with {@link #PORTS} before the container boots.
     */
    private static void start() {
        if (redis == null) {
            redis = RedisServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (netns != null) {
                    netns.close();
                }
                redis.close();
            }, "itest-fixture-cleanup"));
        }
        try {
            workDir = Files.createTempDirectory("portsyncd-itest-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        redis.command("FLUSHALL");
        redis.writeDatabaseConfig(workDir.resolve("database_config.json"), true);
        for (String port : PORTS) {
            int lane = Integer.parseInt(port.substring("Ethernet".length()));
            redis.commandOn(4, "HSET", "PORT|" + port, "lanes", lane + "," + (lane + 1) + "," + (lane + 2) + "," + (lane + 3),
                    "alias", "etp" + (lane / 4 + 1), "speed", "100000", "mtu", "9100", "admin_status", "up");
        }
        if (netns != null) {
            netns.close();
        }
        netns = NetNs.create("psd-it");
    }

}

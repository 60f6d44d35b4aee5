package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.management.remote.JMXServiceURL;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Helpers for test code that runs inside the container. The probe carries the test classes only, and of the testkit
 * the few plain-JDK classes itests/pom.xml copies among them.
 */
final class InContainer {
    /** System properties {@link ContainerFixture} sets in the container: what it chose for this container. */
    static final String NETNS = "portsyncd.itest.netns";
    static final String REDIS_PORT = "portsyncd.itest.redis.port";
    static final String HTTP_PORT = "portsyncd.itest.http.port";

    private InContainer() {
    }

    static String netns() {
        return System.getProperty(NETNS);
    }

    static int redisPort() {
        return Integer.getInteger(REDIS_PORT);
    }

    static int httpPort() {
        return Integer.getInteger(HTTP_PORT);
    }

    /**
     * The container's JMX connector. Pax Exam's Karaf container picks free RMI ports for every container itself
     * (its choice overrides any other), so they are read from the management configuration the container runs with.
     */
    static JMXServiceURL jmxServiceUrl(ConfigurationAdmin configurationAdmin) throws IOException {
        Dictionary<String, Object> management = configurationAdmin.getConfiguration("org.apache.karaf.management", null)
                .getProperties();
        return new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + management.get("rmiServerPort")
                + "/jndi/rmi://127.0.0.1:" + management.get("rmiRegistryPort") + "/karaf-"
                + System.getProperty("karaf.name", "root"));
    }

    /** {@code ip -n <test namespace> args...}; a failure is an assertion error with ip's output. */
    static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", netns()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Orchagent's part at the start: the stand-in pops APPL_DB until each of {@code ports} has its tap in the test's
     * namespace, and stops then, holding no client of a bundle the test goes on to update.
     */
    static void orchagentCreatesTheHostInterfaces(SonicDb sonicDb, List<String> ports) throws InterruptedException {
        try (OrchagentStandIn orchagent = OrchagentStandIn.creatingAtOnce(sonicDb, netns(),
                OrchagentStandIn.HostInterfaces.TAP).start()) {
            until(60_000, () -> orchagent.hostInterfaces() == ports.size(),
                    () -> "host interfaces for " + ports + "; APPL_DB popped so far: " + orchagent.popped());
        }
    }

    /**
     * Toggles the ports' admin state, all of them in one {@code ip -batch} per round, until {@code flapping} is
     * cleared; meant for a thread of its own.
     */
    static void flap(List<String> ports, AtomicBoolean flapping) {
        boolean up = true;
        while (flapping.get()) {
            StringBuilder batch = new StringBuilder();
            for (String port : ports) {
                batch.append("link set ").append(port).append(up ? " up" : " down").append('\n');
            }
            up = !up;
            try {
                Process ip = new ProcessBuilder("ip", "-n", netns(), "-batch", "-").start();
                ip.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8));
                ip.getOutputStream().close();
                ip.waitFor();
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void until(long timeoutMillis, BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms: " + message.get());
            }
            Thread.sleep(20);
        }
    }
}

package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.management.remote.JMXServiceURL;

/** Helpers for test code that runs inside the container (the probe cannot use the testkit). */
final class InContainer {
    /** System properties {@link ContainerFixture} sets in the container: what it chose for this container. */
    static final String NETNS = "portsyncd.itest.netns";
    static final String REDIS_PORT = "portsyncd.itest.redis.port";
    static final String HTTP_PORT = "portsyncd.itest.http.port";
    static final String RMI_REGISTRY_PORT = "portsyncd.itest.rmi.registry.port";
    static final String RMI_SERVER_PORT = "portsyncd.itest.rmi.server.port";

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

    /** The container's JMX connector, on the RMI ports the fixture chose for it. */
    static JMXServiceURL jmxServiceUrl() throws MalformedURLException {
        return new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + Integer.getInteger(RMI_SERVER_PORT)
                + "/jndi/rmi://127.0.0.1:" + Integer.getInteger(RMI_REGISTRY_PORT) + "/karaf-"
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

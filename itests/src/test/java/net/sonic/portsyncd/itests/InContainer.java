package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers for test code that runs inside the container (the probe cannot use the testkit). */
final class InContainer {
    private InContainer() {
    }

    static String netns() {
        return System.getProperty("portsyncd.itest.netns");
    }

    static int redisPort() {
        return Integer.getInteger("portsyncd.itest.redis.port");
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

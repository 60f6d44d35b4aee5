package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a free loopback port (and a unix socket in its own directory), without persistence.
 * Start one per test class; {@link #close()} stops it and removes its directory.
 */
public final class RedisServer implements AutoCloseable {
    private final Path directory;
    private final int port;
    private Process process;

    private RedisServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static RedisServer start() {
        Path binary = Environment.require("redis-server", "redis-server");
        try {
            Path dir = Files.createTempDirectory("redis-");
            RedisServer server = new RedisServer(dir, freePort());
            server.launch(binary);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a redis-server directory", e);
        }
    }

    private void launch(Path binary) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--unixsocket", unixSocket().toString(), "--unixsocketperm", "700",
                "--dir", directory.toString(), "--databases", "32",
                "--notify-keyspace-events", "KA"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        Poll.until(Duration.ofSeconds(10), this::answersPing,
                () -> "redis-server on port " + port + " did not answer PING; log: " + log());
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public Path unixSocket() {
        return directory.resolve("redis.sock");
    }

    public Path directory() {
        return directory;
    }

    /** Stops the server (as a crash would: SIGKILL) but keeps the port, so {@link #restart()} comes back there. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public void restart() {
        kill();
        launch(Environment.require("redis-server", "redis-server"));
    }

    /** Restarts with no data at all, as a server without persistence comes back after a crash. */
    public void restartEmpty() {
        kill();
        try {
            Files.deleteIfExists(directory.resolve("dump.rdb"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the snapshot of redis-server", e);
        }
        launch(Environment.require("redis-server", "redis-server"));
    }

    /** SIGSTOP: the server keeps its sockets and accepts connections but answers nothing, as a hung server does. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Writes a SONiC {@code database_config.json} for this server: instance {@code redis} with hostname, port and
     * (when {@code withUnixSocket}) its unix socket; the standard database ids and separators.
     */
    public Path writeDatabaseConfig(Path file, boolean withUnixSocket) {
        String socket = withUnixSocket ? ", \"unix_socket_path\": \"" + unixSocket() + "\"" : "";
        String json = "{\n"
                + "  \"INSTANCES\": {\n"
                + "    \"redis\": { \"hostname\": \"127.0.0.1\", \"port\": " + port + socket
                + ", \"persistence_for_warm_boot\": \"yes\" }\n"
                + "  },\n"
                + "  \"DATABASES\": {\n"
                + "    \"APPL_DB\": { \"id\": 0, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"ASIC_DB\": { \"id\": 1, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"COUNTERS_DB\": { \"id\": 2, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"LOGLEVEL_DB\": { \"id\": 3, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"CONFIG_DB\": { \"id\": 4, \"separator\": \"|\", \"instance\": \"redis\" },\n"
                + "    \"PFC_WD_DB\": { \"id\": 5, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"FLEX_COUNTER_DB\": { \"id\": 5, \"separator\": \":\", \"instance\": \"redis\" },\n"
                + "    \"STATE_DB\": { \"id\": 6, \"separator\": \"|\", \"instance\": \"redis\" },\n"
                + "    \"SNMP_OVERLAY_DB\": { \"id\": 7, \"separator\": \"|\", \"instance\": \"redis\" }\n"
                + "  },\n"
                + "  \"VERSION\": \"1.0\"\n"
                + "}\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** Runs a command on database 0 over RESP and returns the raw reply text (arrays one element a line). */
    public String command(String... args) {
        return commandOn(0, args);
    }

    /** Runs a command on the given database number. */
    public String commandOn(int db, String... args) {
        return Resp.command(host(), port, db, args);
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory lives under the build's temporary folder
        }
    }
}

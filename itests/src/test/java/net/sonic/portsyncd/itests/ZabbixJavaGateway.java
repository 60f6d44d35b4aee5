package net.sonic.portsyncd.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.testkit.Poll;

/**
 * The Java gateway of the Debian package {@code zabbix-java-gateway}, run as its service unit runs it but on a free
 * loopback port, with a configuration and a log of its own in a work directory; spoken to as the Zabbix server
 * speaks to it: a {@code ZBXD\1} header, the data length as 8 bytes little-endian, then a JSON request, answered
 * the same way.
 */
final class ZabbixJavaGateway implements AutoCloseable {
    static final Path JAR = Path.of("/usr/sbin/zabbix-java-gateway.jar");
    private static final byte[] HEADER = {'Z', 'B', 'X', 'D', 1};
    /** The gateway's own limit per request (its {@code Timeout}), in seconds; 30 is the most it accepts. */
    private static final int TIMEOUT_SECONDS = 15;
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above the well-known ports and below Linux's ephemeral range, which the gateway refuses. */
    private static final int MIN_PORT = 10_000;
    private static final int MAX_PORT = 32_767;

    private final Process process;
    private final int port;
    private final Path log;

    private ZabbixJavaGateway(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ZabbixJavaGateway start(Path work) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is required by this test but is not installed "
                    + "(apt-get install zabbix-java-gateway; scripts/test.sh does)");
        }
        Files.createDirectories(work);
        Path log = work.resolve("zabbix_java_gateway.log");
        Path logback = work.resolve("zabbix_java_gateway.logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{yyyy-MM-dd HH:mm:ss.SSS} [%%thread] %%-5level %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="info"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(log));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Dzabbix.pidFile=" + work.resolve("zabbix_java_gateway.pid"),
                "-Dzabbix.listenIP=127.0.0.1",
                "-Dzabbix.listenPort=" + port,
                "-Dzabbix.startPollers=2",
                "-Dzabbix.timeout=" + TIMEOUT_SECONDS,
                "-Dsun.rmi.transport.tcp.responseTimeout=" + TIMEOUT_SECONDS * 1000,
                "-Dlogback.configurationFile=" + logback,
                "-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("zabbix_java_gateway.out").toFile()).start();
        ZabbixJavaGateway gateway = new ZabbixJavaGateway(process, port, log);
        Poll.until(START_LIMIT, () -> !process.isAlive() || gateway.listening(),
                () -> "the Zabbix Java gateway listening on 127.0.0.1:" + port + "; see " + work);
        if (!process.isAlive()) {
            throw new AssertionError("the Zabbix Java gateway exited (" + process.exitValue() + "); see " + work);
        }
        return gateway;
    }

    Path log() {
        return log;
    }

    /**
     * A {@code java gateway jmx} request as the Zabbix server sends for the items of one JMX endpoint and one set
     * of credentials.
     *
     * @return the gateway's answer: {@code response} ({@code success} or {@code failed}) and, on success, one
     *         {@code data} element per key in the order asked, each with {@code value} or {@code error}
     */
    JsonNode jmx(String endpoint, String username, String password, List<String> keys) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("request", "java gateway jmx");
        request.put("jmx_endpoint", endpoint);
        request.put("username", username);
        request.put("password", password);
        request.putArray("keys").addAll(keys.stream().map(JSON.getNodeFactory()::textNode).toList());
        return exchange(request);
    }

    private JsonNode exchange(JsonNode request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((TIMEOUT_SECONDS + 15) * 1000);
            byte[] body = JSON.writeValueAsBytes(request);
            OutputStream out = socket.getOutputStream();
            out.write(HEADER);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(body.length).array());
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[HEADER.length];
            in.readFully(header);
            if (!Arrays.equals(header, HEADER)) {
                throw new AssertionError("the gateway answered without the ZBXD header: " + Arrays.toString(header));
            }
            byte[] length = new byte[8];
            in.readFully(length);
            long size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (size < 0 || size > 16 << 20) {
                throw new AssertionError("the gateway announced " + size + " bytes");
            }
            byte[] answer = new byte[(int) size];
            in.readFully(answer);
            return JSON.readTree(new String(answer, StandardCharsets.UTF_8));
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A free loopback port in the range the gateway accepts for {@code listenPort} (1024..32767). */
    private static int freePort() {
        int span = MAX_PORT - MIN_PORT + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int candidate = MIN_PORT + (start + i) % span;
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new AssertionError("no free loopback port in " + MIN_PORT + ".." + MAX_PORT);
    }
}

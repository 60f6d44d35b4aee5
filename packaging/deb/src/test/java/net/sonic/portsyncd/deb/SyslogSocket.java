package net.sonic.portsyncd.deb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.Poll;

/**
 * A unix datagram socket of the test's own, as rsyslog's imuxsock binds {@code /dev/log}, that writes each
 * datagram it receives as one line of a file. The receiver is python3 (which Debian's supervisor package runs on),
 * since Java 17 has no unix datagram sockets.
 */
final class SyslogSocket implements AutoCloseable {
    private static final String RECEIVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "out = open(sys.argv[2], 'ab', buffering=0)",
            "print('bound', flush=True)",
            "while True:",
            "    out.write(s.recv(65536).replace(b'\\n', b' ') + b'\\n')");

    private final Path socket;
    private final Path lines;
    private final Process receiver;

    private SyslogSocket(Path socket, Path lines, Process receiver) {
        this.socket = socket;
        this.lines = lines;
        this.receiver = receiver;
    }

    static SyslogSocket bind(Path socket) throws IOException {
        Path python = Environment.require("python3", "python3");
        Path lines = socket.resolveSibling(socket.getFileName() + ".lines");
        Files.deleteIfExists(socket);
        Process receiver = new ProcessBuilder(python.toString(), "-c", RECEIVER, socket.toString(), lines.toString())
                .redirectErrorStream(true).start();
        String bound = new String(receiver.getInputStream().readNBytes("bound\n".length()), StandardCharsets.UTF_8);
        if (!"bound\n".equals(bound)) {
            receiver.destroyForcibly();
            throw new AssertionError("the syslog socket receiver did not bind " + socket + ": " + bound);
        }
        return new SyslogSocket(socket, lines, receiver);
    }

    Path path() {
        return socket;
    }

    /** Waits until a received line contains {@code text}; returns that line. */
    String await(String text, Duration within) {
        String[] found = {null};
        Poll.until(within, () -> {
            found[0] = received().stream().filter(line -> line.contains(text)).findFirst().orElse(null);
            return found[0] != null;
        }, () -> "a syslog line containing '" + text + "'; received: " + received());
        return found[0];
    }

    List<String> received() {
        try {
            return Files.exists(lines) ? Files.readAllLines(lines) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + lines, e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        receiver.destroy();
        receiver.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(socket);
    }
}

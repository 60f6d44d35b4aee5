package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogForwarderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SyslogLine LINES = new SyslogLine(SyslogFacility.USER, "portsyncd", 4242, ZoneOffset.UTC,
            SyslogComponent.MAX_DATAGRAM_BYTES);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(0, closeable);
        return closeable;
    }

    private static SyslogRecord record(String message) {
        return new SyslogRecord(6, 1_700_000_000_000L, "net.sonic.portsyncd.core.LinkSync", message);
    }

    @Test
    void linesArriveAsGlibcFormatsThem() {
        Path socket = dir.resolve("log");
        DatagramReceiver receiver = track(DatagramReceiver.bind(socket));
        SyslogForwarder forwarder = track(new SyslogForwarder(socket, LINES, 64, Duration.ofMillis(100),
                Duration.ofSeconds(1)));

        forwarder.offer(record("Ethernet0 oper up"));
        forwarder.offer(new SyslogRecord(3, 1_700_000_000_000L, "net.sonic.portsyncd.sonicdb.SonicDbClient",
                "Redis down"));

        assertThat(receiver.receive(WAIT))
                .contains("<14>Nov 14 22:13:20 portsyncd[4242]: :- LinkSync: Ethernet0 oper up");
        assertThat(receiver.receive(WAIT))
                .contains("<11>Nov 14 22:13:20 portsyncd[4242]: :- SonicDbClient: Redis down");
        Poll.until(WAIT, () -> forwarder.sent() == 2, () -> "sent " + forwarder.sent());
        assertThat(forwarder.undelivered()).isZero();
    }

    @Test
    void startsSendingOnceTheSocketAppears() {
        Path socket = dir.resolve("log");
        SyslogForwarder forwarder = track(new SyslogForwarder(socket, LINES, 64, Duration.ofMillis(100),
                Duration.ofSeconds(1)));

        forwarder.offer(record("before syslog"));
        Poll.until(WAIT, () -> forwarder.undelivered() == 1, () -> "undelivered " + forwarder.undelivered());

        DatagramReceiver receiver = track(DatagramReceiver.bind(socket));
        Optional<String> received = Optional.empty();
        for (int i = 0; received.isEmpty() && i < 50; i++) {
            forwarder.offer(record("after syslog"));
            received = receiver.receive(Duration.ofMillis(200));
        }

        assertThat(received).hasValueSatisfying(line -> assertThat(line).endsWith(": after syslog"));
    }

    @Test
    void survivesASyslogRestartWithoutLosingTheLineThatFoundItGone() throws Exception {
        Path socket = dir.resolve("log");
        DatagramReceiver first = DatagramReceiver.bind(socket);
        SyslogForwarder forwarder = track(new SyslogForwarder(socket, LINES, 64, Duration.ofMillis(100),
                Duration.ofSeconds(1)));
        forwarder.offer(record("one"));
        assertThat(first.receive(WAIT)).hasValueSatisfying(line -> assertThat(line).endsWith(": one"));

        first.close();
        DatagramReceiver second = track(DatagramReceiver.bind(socket));
        forwarder.offer(record("two"));

        assertThat(second.receive(WAIT)).hasValueSatisfying(line -> assertThat(line).endsWith(": two"));
        Poll.until(WAIT, () -> forwarder.sent() == 2, () -> "sent " + forwarder.sent());
        assertThat(forwarder.undelivered()).isZero();
    }

    @Test
    void aStalledSyslogNeverBlocksTheLoggingThreads() {
        Path socket = dir.resolve("log");
        track(DatagramReceiver.bind(socket));
        SyslogForwarder forwarder = track(new SyslogForwarder(socket, LINES, 16, Duration.ofMillis(100),
                Duration.ofMillis(100)));

        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 2000; i++) {
            if (forwarder.offer(record("burst " + i))) {
                accepted++;
            }
        }
        Duration offering = Duration.ofNanos(System.nanoTime() - start);

        assertThat(offering).isLessThan(Duration.ofSeconds(1));
        assertThat(forwarder.dropped()).isEqualTo(2000 - accepted).isPositive();
        long queued = accepted;
        Poll.until(WAIT, () -> forwarder.sent() + forwarder.undelivered() == queued,
                () -> "sent " + forwarder.sent() + " undelivered " + forwarder.undelivered() + " of " + queued);
        assertThat(forwarder.undelivered()).isPositive();
    }
}

package net.sonic.portsyncd.bench.netlink;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.netlink.NetlinkParser;
import net.sonic.portsyncd.netlink.ParsedDatagram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parser throughput in link messages per second: a 24-entry dump datagram (scores are per message, thanks to
 * {@link OperationsPerInvocation}) and a single-message notification datagram.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseThroughputBenchmark {
    private static final int DUMP_LINKS = 24;
    private ByteBuffer dump;
    private ByteBuffer notification;

    @Setup(Level.Trial)
    public void buildDatagrams() {
        dump = LinkDatagrams.dump(DUMP_LINKS, 1234);
        notification = LinkDatagrams.notification();
        ParsedDatagram check = NetlinkParser.parse(dump, 0);
        if (check.errors() != 0 || check.messages().size() != DUMP_LINKS + 1) {
            throw new IllegalStateException("synthetic dump does not parse cleanly: " + check);
        }
    }

    @Benchmark
    @OperationsPerInvocation(DUMP_LINKS)
    public ParsedDatagram dumpDatagram() {
        return NetlinkParser.parse(dump, 1L);
    }

    @Benchmark
    public ParsedDatagram notificationDatagram() {
        return NetlinkParser.parse(notification, 1L);
    }
}

package net.sonic.portsyncd.bench.jmh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.bench.ConfigPorts;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.RedisServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cold start's CONFIG_DB to APPL_DB copy: 512 ports through SONiC's ProducerStateTable protocol on a real
 * redis-server (unix socket), in one batch ({@code setAll}, a constant number of round trips) and one set per
 * port (what the reference does, one EVALSHA round trip each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProducerBatchBenchmark {
    private static final int PORTS = 512;

    private RedisServer redis;
    private SonicDbClient db;
    private ProducerStateTable producer;
    private final List<KeyFields> rows = new ArrayList<>();

    @Setup(Level.Trial)
    public void connect() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        redis = RedisServer.start();
        Path config = redis.writeDatabaseConfig(redis.directory().resolve("database_config.json"), true);
        db = SonicDbClient.open(config, "", Duration.ofSeconds(5));
        producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
        rows.addAll(ConfigPorts.rows(PORTS));
    }

    @TearDown(Level.Trial)
    public void disconnect() {
        producer.close();
        db.close();
        redis.close();
    }

    @Benchmark
    public void setAll512() {
        producer.setAll(rows);
    }

    @Benchmark
    public void setOneByOne512() {
        for (KeyFields row : rows) {
            producer.set(row.key(), row.fields());
        }
    }
}

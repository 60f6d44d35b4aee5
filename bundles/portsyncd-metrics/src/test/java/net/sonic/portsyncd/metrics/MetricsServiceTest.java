package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.testkit.ManualClock;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsServiceTest {
    private static final Duration SLOW = Duration.ofHours(1);
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @TempDir
    Path dir;

    private MetricsService open(Duration interval) {
        return new MetricsService(clock, new MetricsSettings(dir, interval));
    }

    @Test
    void startsFromZeroWithoutAFile() {
        try (MetricsService metrics = open(SLOW)) {
            assertThat(metrics.snapshot().counters().values()).containsOnly(0L);
        }
        assertThat(dir.resolve("metrics.json")).exists();
    }

    @Test
    void everythingSurvivesARestart() {
        MetricsSnapshot before;
        try (MetricsService metrics = open(SLOW)) {
            metrics.add(Counter.WARM_RESTART, 3);
            metrics.add(Counter.NETLINK_IGNORED_TEAM, 12);
            metrics.mark(Timestamp.LAST_WARM_RESTART);
            for (long micros = 10; micros <= 20_000; micros += 10) {
                metrics.recordNanos(Histogram.EVENT_LATENCY, micros * 1_000);
            }
            metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, Duration.ofMillis(1_250).toNanos());
            metrics.recordNanos(Histogram.INITIAL_SYNC_DURATION, Duration.ofMillis(750).toNanos());
            before = metrics.snapshot();
        }

        try (MetricsService metrics = open(SLOW)) {
            MetricsSnapshot after = metrics.snapshot();
            assertThat(after.counters()).isEqualTo(before.counters());
            assertThat(after.timestamps()).isEqualTo(before.timestamps());
            assertThat(after.histograms()).isEqualTo(before.histograms());
            assertThat(after.recentHistograms().values()).as("a previous run's values are not recent")
                    .containsOnly(HistogramSummary.EMPTY);
            metrics.increment(Counter.WARM_RESTART);
            assertThat(metrics.snapshot().counter(Counter.WARM_RESTART)).isEqualTo(4);
        }
    }

    @Test
    void theFileIsReadableJsonKeyedByEnumName() throws IOException {
        try (MetricsService metrics = open(SLOW)) {
            metrics.add(Counter.REDIS_RECONNECTS, 2);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(json.get("format").asInt()).isEqualTo(1);
        assertThat(json.get("counters").get("REDIS_RECONNECTS").asLong()).isEqualTo(2);
        assertThat(json.get("histograms").has("EVENT_LATENCY")).isTrue();
    }

    @Test
    void savesPeriodically() {
        try (MetricsService metrics = open(Duration.ofMillis(100))) {
            metrics.add(Counter.BACKUP_CREATED, 5);
            Poll.until(Duration.ofSeconds(10), () -> savedCounter("BACKUP_CREATED") == 5,
                    "metrics.json never showed BACKUP_CREATED=5");
            metrics.add(Counter.BACKUP_CREATED, 1);
            Poll.until(Duration.ofSeconds(10), () -> savedCounter("BACKUP_CREATED") == 6,
                    "metrics.json never showed BACKUP_CREATED=6");
        }
    }

    @Test
    void resetIsPersistedAtOnce() {
        try (MetricsService metrics = open(SLOW)) {
            metrics.add(Counter.EOIU_TIMEOUT, 9);
            metrics.save();
            assertThat(savedCounter("EOIU_TIMEOUT")).isEqualTo(9);

            metrics.reset();

            assertThat(savedCounter("EOIU_TIMEOUT")).isZero();
            assertThat(metrics.snapshot().counter(Counter.EOIU_TIMEOUT)).isZero();
        }
        try (MetricsService metrics = open(SLOW)) {
            assertThat(metrics.snapshot().counter(Counter.EOIU_TIMEOUT)).isZero();
        }
    }

    @Test
    void anUnchangedStateIsNotRewritten() throws IOException {
        try (MetricsService metrics = open(SLOW)) {
            metrics.increment(Counter.COLD_START);
            metrics.save();
            Path file = dir.resolve("metrics.json");
            Files.writeString(file, Files.readString(file) + " ");

            metrics.save();
            assertThat(Files.readString(file)).endsWith(" ");

            metrics.increment(Counter.COLD_START);
            metrics.save();
            assertThat(Files.readString(file)).doesNotEndWith(" ");
        }
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("not JSON", "\u0000\u0001binary junk"),
                Arguments.of("truncated", "{\"format\":1,\"counters\":{\"WARM_RESTART\":3"),
                Arguments.of("JSON null", "null"),
                Arguments.of("array", "[1,2,3]"),
                Arguments.of("wrong format", "{\"format\":99,\"counters\":{},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("negative counter", "{\"format\":1,\"counters\":{\"WARM_RESTART\":-4},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("string counter", "{\"format\":1,\"counters\":{\"WARM_RESTART\":\"4\"},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("fractional counter", "{\"format\":1,\"counters\":{\"WARM_RESTART\":4.5},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("null counter", "{\"format\":1,\"counters\":{\"WARM_RESTART\":null},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("overflowing counter", "{\"format\":1,\"counters\":{\"WARM_RESTART\":99999999999999999999999},\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("missing counters", "{\"format\":1,\"timestamps\":{},\"histograms\":{}}"),
                Arguments.of("bucket out of range", "{\"format\":1,\"counters\":{},\"timestamps\":{},\"histograms\":{\"EVENT_LATENCY\":"
                        + "{\"sumNanos\":1,\"minNanos\":1,\"maxNanos\":1,\"buckets\":[[99999999999999999,1]]}}}"),
                Arguments.of("bucket with three numbers", "{\"format\":1,\"counters\":{},\"timestamps\":{},\"histograms\":{\"EVENT_LATENCY\":"
                        + "{\"sumNanos\":1,\"minNanos\":1,\"maxNanos\":1,\"buckets\":[[1,1,1]]}}}"),
                Arguments.of("zero bucket count", "{\"format\":1,\"counters\":{},\"timestamps\":{},\"histograms\":{\"EVENT_LATENCY\":"
                        + "{\"sumNanos\":1,\"minNanos\":1,\"maxNanos\":1,\"buckets\":[[1,0]]}}}"),
                Arguments.of("min above max", "{\"format\":1,\"counters\":{},\"timestamps\":{},\"histograms\":{\"EVENT_LATENCY\":"
                        + "{\"sumNanos\":1,\"minNanos\":9,\"maxNanos\":1,\"buckets\":[[1,1]]}}}"),
                Arguments.of("trailing garbage", "{\"format\":1,\"counters\":{},\"timestamps\":{},\"histograms\":{}} {}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void aGarbageFileIsCountedMovedAsideAndTheMetricsStartFromZero(String what, String content) throws IOException {
        Files.writeString(dir.resolve("metrics.json"), content, StandardCharsets.ISO_8859_1);

        try (MetricsService metrics = open(SLOW)) {
            MetricsSnapshot snapshot = metrics.snapshot();
            assertThat(snapshot.counter(Counter.METRICS_FILE_REJECTED)).isEqualTo(1);
            assertThat(snapshot.counter(Counter.WARM_RESTART)).isZero();
            assertThat(Files.readString(dir.resolve("metrics.json.rejected"), StandardCharsets.ISO_8859_1))
                    .isEqualTo(content);
        }
        try (MetricsService metrics = open(SLOW)) {
            assertThat(metrics.snapshot().counter(Counter.METRICS_FILE_REJECTED)).isEqualTo(1);
        }
    }

    @Test
    void anOversizedFileIsRejectedWithoutParsing() throws IOException {
        byte[] huge = new byte[(int) MetricsFile.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '[');
        Files.write(dir.resolve("metrics.json"), huge);

        try (MetricsService metrics = open(SLOW)) {
            assertThat(metrics.snapshot().counter(Counter.METRICS_FILE_REJECTED)).isEqualTo(1);
        }
    }

    @Test
    void unknownNamesFromAnotherVersionAreSkippedAndTheRestIsKept() throws IOException {
        Files.writeString(dir.resolve("metrics.json"), "{\"format\":1,\"futureField\":true,"
                + "\"counters\":{\"WARM_RESTART\":7,\"SOMETHING_NEW\":3},"
                + "\"timestamps\":{\"LAST_WARM_RESTART\":1600000000000,\"LAST_NEW_THING\":5},"
                + "\"histograms\":{\"NEW_LATENCY\":{\"sumNanos\":1,\"minNanos\":1,\"maxNanos\":1,\"buckets\":[[1,1]]}}}");

        try (MetricsService metrics = open(SLOW)) {
            MetricsSnapshot snapshot = metrics.snapshot();
            assertThat(snapshot.counter(Counter.WARM_RESTART)).isEqualTo(7);
            assertThat(snapshot.timestamp(Timestamp.LAST_WARM_RESTART)).isEqualTo(1_600_000_000_000L);
            assertThat(snapshot.counter(Counter.METRICS_FILE_REJECTED)).isZero();
        }
    }

    @Test
    void aFailingSaveIsSurvivedAndRetried() throws IOException {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the metrics directory should be");
        try (MetricsService metrics = new MetricsService(clock, new MetricsSettings(blocked, SLOW))) {
            metrics.increment(Counter.REDIS_OUTAGES);
            assertThat(metrics.save()).isFalse();

            Files.delete(blocked);
            assertThat(metrics.save()).isTrue();
            assertThat(blocked.resolve("metrics.json")).exists();
        }
    }

    @Test
    void reconfigureMovesTheFileAndKeepsTheCounts() {
        Path elsewhere = dir.resolve("elsewhere");
        try (MetricsService metrics = open(SLOW)) {
            metrics.add(Counter.STATE_RECOVERY, 2);
            metrics.reconfigure(new MetricsSettings(elsewhere, Duration.ofMillis(100)));
            assertThat(metrics.file()).isEqualTo(elsewhere.resolve("metrics.json"));
            metrics.increment(Counter.STATE_RECOVERY);
            Poll.until(Duration.ofSeconds(10), () -> counterIn(elsewhere, "STATE_RECOVERY") == 3,
                    "the periodic save did not follow the new directory");
        }
        assertThat(counterIn(dir, "STATE_RECOVERY")).isEqualTo(2);
    }

    private long savedCounter(String name) {
        return counterIn(dir, name);
    }

    private static long counterIn(Path directory, String name) {
        Path file = directory.resolve("metrics.json");
        if (!Files.exists(file)) {
            return -1;
        }
        try {
            return new ObjectMapper().readTree(file.toFile()).get("counters").get(name).asLong();
        } catch (IOException e) {
            throw new AssertionError("unreadable " + file, e);
        }
    }
}

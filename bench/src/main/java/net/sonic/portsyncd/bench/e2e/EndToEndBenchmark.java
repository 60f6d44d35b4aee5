package net.sonic.portsyncd.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.sonic.portsyncd.bench.report.Machine;
import net.sonic.portsyncd.bench.report.Results;
import net.sonic.portsyncd.testkit.RedisServer;

/**
 * portsyncd end to end in one JVM (the real SONiC DB client, netlink capture, warm-restart lifecycle, state store,
 * metrics and sync engine, wired as in the container), against a private redis-server, with a fresh network
 * namespace per port count and the orchagent stand-in popping APPL_DB and creating the tap netdevs. For each N:
 * activation to PortConfigDone, PortInitDone and all N STATE_DB rows; event latency; a storm; resources; and, at
 * one N, hot swaps of the engine and resumes after restarts of the whole JVM ({@link ResumeAfterRestart}). A
 * separate Redis client's keyspace notifications are the clock.
 *
 * <p>Options: {@code --ports 32,128,512,1024 --cold-starts 5 --changes 10000 --storm 100000 --hotswap-ports 512
 * --hotswap-repeats 5 --resume-rounds 4 --out bench/results/e2e.json}. Needs root (namespaces) and redis-server.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {
    }

    /** What one invocation measures. */
    record Options(int[] ports, int coldStarts, int changes, int storm, int hotSwapPorts, int hotSwapRepeats,
            int resumeRounds, Path out) {
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            int[] ports = Arrays.stream(values.getOrDefault("ports", "32,128,512,1024").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            return new Options(ports, Integer.parseInt(values.getOrDefault("cold-starts", "5")),
                    Integer.parseInt(values.getOrDefault("changes", "10000")),
                    Integer.parseInt(values.getOrDefault("storm", "100000")),
                    Integer.parseInt(values.getOrDefault("hotswap-ports", "512")),
                    Integer.parseInt(values.getOrDefault("hotswap-repeats", "5")),
                    Integer.parseInt(values.getOrDefault("resume-rounds", "4")),
                    Path.of(values.getOrDefault("out", "bench/results/e2e.json")));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the keyspace client is a plain RESP2 subscriber; Jedis warns about that on every connection
        System.setProperty("org.slf4j.simpleLogger.log.redis.clients.jedis.Jedis", "error");
        Options options = Options.parse(args);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        results.put("changes", options.changes());
        results.put("storm_changes", options.storm());
        List<Map<String, Object>> runs = new ArrayList<>();
        results.put("runs", runs);
        try (RedisServer redis = RedisServer.start()) {
            Path databaseConfig = redis.writeDatabaseConfig(redis.directory().resolve("database_config.json"), true);
            for (int ports : options.ports()) {
                System.out.printf("-- N=%d ports (load average %s)%n", ports, Machine.loadAverage());
                boolean hotSwap = ports == options.hotSwapPorts();
                runs.add(new PortCountRun(redis, databaseConfig, ports).measure(options.coldStarts(), options.changes(),
                        options.storm(), hotSwap ? options.hotSwapRepeats() : 0, hotSwap ? options.resumeRounds() : 0));
                Results.write(options.out(), results);
            }
        }
        results.put("load_average_at_end", Machine.loadAverage());
        Results.write(options.out(), results);
        Results.printTable("portsyncd end to end (in-process engine, private redis-server, tap netdevs)",
                runs.stream().map(run -> "N=" + run.get(E2eMetrics.PORTS)).toList(), runs);
        for (Map<String, Object> run : runs) {
            if (run.get(E2eMetrics.RESUME_REPEATS) instanceof List<?> restarts) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> columns = (List<Map<String, Object>>) restarts;
                Results.printTable("resume after a JVM restart at N=" + run.get(E2eMetrics.PORTS) + ", per restart",
                        IntStream.rangeClosed(1, columns.size()).mapToObj(i -> "#" + i).toList(),
                        columns);
            }
        }
    }
}

package net.sonic.portsyncd.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sonic.portsyncd.bench.e2e.ContainerMetrics;
import net.sonic.portsyncd.bench.e2e.E2eMetrics;

/**
 * Draws the PNG plots of {@code bench/RESULTS.md} from the JSON results in a directory (default
 * {@code bench/results}): whichever of e2e.json and container.json are there.
 */
public final class Plots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Plots() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path directory = Path.of(args.length > 0 ? args[0] : "bench/results");
        Path e2e = directory.resolve("e2e.json");
        if (Files.exists(e2e)) {
            endToEnd(JSON.readTree(e2e.toFile()).get("runs"), directory);
        }
        Path container = directory.resolve("container.json");
        if (Files.exists(container)) {
            container(JSON.readTree(container.toFile()).get("runs"), directory);
        }
    }

    private static void endToEnd(JsonNode runs, Path directory) throws IOException {
        List<String> sizes = new ArrayList<>();
        runs.forEach(run -> sizes.add("N=" + run.get(E2eMetrics.PORTS).asInt()));
        new Chart("Engine activation to start-up milestones (log scale)", "ms", true)
                .series("ours: -> PortConfigDone", values(runs, E2eMetrics.TO_PORT_CONFIG_DONE))
                .series("ours: -> PortInitDone", values(runs, E2eMetrics.TO_PORT_INIT_DONE))
                .series("ours: -> all N STATE_DB rows", values(runs, E2eMetrics.TO_ALL_ROWS))
                .series("C++ reference (from spawn): -> PortConfigDone", CxxReference.SPAWN_TO_PORT_CONFIG_DONE_MS)
                .series("C++ reference (from spawn): -> all N rows", CxxReference.SPAWN_TO_ALL_ROWS_MS)
                .writeBars(directory.resolve("startup.png"), sizes);

        Chart latency = new Chart("rtnetlink request sent -> STATE_DB write seen by another client", "microseconds (log)", true);
        runs.forEach(run -> {
            Map<String, Double> curve = new LinkedHashMap<>();
            run.get(E2eMetrics.LATENCY_CURVE).fields().forEachRemaining(p -> curve.put(p.getKey(), p.getValue().asDouble()));
            latency.series("N=" + run.get(E2eMetrics.PORTS).asInt(), curve);
        });
        latency.writeLines(directory.resolve("latency.png"), "percentile of the changes");

        new Chart("Event latency: kernel ack (or request) -> STATE_DB write seen", "ms (log)", true)
                .series("ours: median", values(runs, E2eMetrics.LATENCY_MEDIAN))
                .series("ours: p99", values(runs, E2eMetrics.LATENCY_P99))
                .series("ours: median from request sent", values(runs, E2eMetrics.REQUEST_MEDIAN))
                .series("C++ reference: median (from ip exit)", CxxReference.EVENT_MEDIAN_MS)
                .writeBars(directory.resolve("latency-summary.png"), sizes);

        new Chart("Storm: convergence after the last change, and ports left stale", "seconds / ports", false)
                .series("ours: converged after last change (s)", values(runs, E2eMetrics.STORM_CONVERGED))
                .series("ours: ports never converged", values(runs, E2eMetrics.STORM_STALE))
                .series("C++ reference: ports stale 30 s after its storm", CxxReference.STORM_STALE_PORTS)
                .writeBars(directory.resolve("storm.png"), sizes);

        new Chart("Memory of the benchmark JVM after the storm", "MiB", false)
                .series("heap after full GC", values(runs, E2eMetrics.HEAP))
                .series("RSS", values(runs, E2eMetrics.RSS))
                .writeBars(directory.resolve("memory.png"), sizes);
    }

    /** Spawn to the start-up milestones, median of the warm starts, beside the C++ reference's spawn times. */
    private static void container(JsonNode runs, Path directory) throws IOException {
        Set<String> assemblies = new LinkedHashSet<>();
        runs.forEach(run -> assemblies.add(run.get(ContainerMetrics.VARIANT).asText()));
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        runs.forEach(run -> columns.put((assemblies.size() > 1 ? run.get(ContainerMetrics.VARIANT).asText() + " " : "")
                + "N=" + run.get(E2eMetrics.PORTS).asInt(), run));
        new Chart("Container: spawn to start-up milestones, median of warm starts (log)",
                "ms", true)
                .series("ours: -> PortConfigDone", column(columns, ContainerMetrics.TO_PORT_CONFIG_DONE))
                .series("ours: -> all N STATE_DB rows", column(columns, ContainerMetrics.TO_ALL_ROWS))
                .series("C++ reference: -> PortConfigDone", CxxReference.SIDE_BY_SIDE_SPAWN_TO_PORT_CONFIG_DONE_MS)
                .writeBars(directory.resolve("container.png"), new ArrayList<>(columns.keySet()));
    }

    private static Map<String, Double> column(Map<String, JsonNode> columns, String metric) {
        Map<String, Double> values = new LinkedHashMap<>();
        columns.forEach((name, run) -> {
            JsonNode value = run.get(ContainerMetrics.WARM_MEDIAN + metric);
            if (value != null && value.isNumber()) {
                values.put(name, value.asDouble());
            }
        });
        return values;
    }

    /** The numeric values of one metric, by "N=<ports>". */
    private static Map<String, Double> values(JsonNode runs, String metric) {
        Map<String, Double> values = new LinkedHashMap<>();
        runs.forEach(run -> {
            JsonNode value = run.get(metric);
            if (value != null && value.isNumber()) {
                values.put("N=" + run.get(E2eMetrics.PORTS).asInt(), value.asDouble());
            }
        });
        return values;
    }
}

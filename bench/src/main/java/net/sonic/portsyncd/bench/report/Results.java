package net.sonic.portsyncd.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a benchmark's results as JSON and prints them as a table, one column per run. */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {
    }

    public static void write(Path file, Object results) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), results);
            System.out.println("results written to " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Prints rows = metric names, columns = runs; a metric a run does not have shows as "-". Only scalar values
     * are printed (curves are for the plots).
     */
    public static void printTable(String title, List<String> columns, List<Map<String, Object>> runs) {
        Set<String> metrics = new LinkedHashSet<>();
        for (Map<String, Object> run : runs) {
            run.forEach((name, value) -> {
                if (!(value instanceof Map) && !(value instanceof List)) {
                    metrics.add(name);
                }
            });
        }
        int width = metrics.stream().mapToInt(String::length).max().orElse(10) + 2;
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(String.format("%-" + width + "s", "metric"));
        columns.forEach(column -> header.append(String.format("| %-14s", column)));
        lines.add(header.toString());
        lines.add("-".repeat(header.length()));
        for (String metric : metrics) {
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", metric));
            for (Map<String, Object> run : runs) {
                Object value = run.get(metric);
                line.append(String.format("| %-14s", value == null ? "-" : format(value)));
            }
            lines.add(line.toString());
        }
        System.out.println();
        System.out.println(title);
        lines.forEach(System.out::println);
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format("%.1f", d) : String.format("%.3f", d);
        }
        return String.valueOf(value);
    }
}

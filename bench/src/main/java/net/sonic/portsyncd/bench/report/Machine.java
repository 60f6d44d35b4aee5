package net.sonic.portsyncd.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.testkit.Processes;

/** What a result was measured on: published beside every number, since the machine is shared. */
public final class Machine {
    private Machine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        String memTotalKib = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        machine.put("memory_mib", memTotalKib.isEmpty() ? 0 : Long.parseLong(memTotalKib) / 1024);
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("redis", Processes.tryRun(List.of("redis-server", "--version"), null).output().trim());
        machine.put("load_average_at_start", loadAverage());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}

package net.sonic.portsyncd.deb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.sonic.portsyncd.testkit.Processes;

/** dpkg on this machine, for one package: what it installs, removes and purges, and what it says of it. */
final class Dpkg {
    private final String packageName;

    Dpkg(String packageName) {
        this.packageName = packageName;
    }

    /** {@code dpkg <options> -i <deb>}; fails with dpkg's output when it does. */
    String install(Path deb, String... options) {
        return dpkg(options, "-i", deb.toString());
    }

    String remove() {
        return dpkg(new String[0], "-r", packageName);
    }

    String purge() {
        return dpkg(new String[0], "--purge", packageName);
    }

    /** Purges the package when dpkg knows it in any state (a run stopped half way leaves it installed). */
    void purgeIfKnown() {
        if (!status().isEmpty()) {
            purge();
        }
    }

    /** {@code Status Version}, e.g. "install ok installed 1.0.0"; empty when dpkg does not know the package. */
    String status() {
        Processes.Result result = Processes.tryRun(
                List.of("dpkg-query", "-W", "-f=${db:Status-Abbrev}|${Status} ${Version}", packageName), null);
        if (result.exitCode() != 0 || result.output().startsWith("un ")) {
            return "";
        }
        return result.output().substring(result.output().indexOf('|') + 1).trim();
    }

    /** The conffiles dpkg records for the installed package. */
    Set<String> conffiles() {
        String listing = Processes.run(List.of("dpkg-query", "-W", "-f=${Conffiles}", packageName));
        Set<String> paths = new TreeSet<>();
        for (String line : listing.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                paths.add(trimmed.split(" ")[0]);
            }
        }
        return paths;
    }

    /** Every path the installed package owns ({@code dpkg -L}). */
    Set<String> files() {
        Set<String> paths = new TreeSet<>();
        for (String line : Processes.run(List.of("dpkg", "-L", packageName)).split("\n")) {
            if (line.startsWith("/")) {
                paths.add(line.trim());
            }
        }
        return paths;
    }

    /** The control files (maintainer scripts, conffiles, control) of {@code deb}, unpacked into {@code directory}. */
    static Path controlFiles(Path deb, Path directory) {
        Processes.run(List.of("dpkg-deb", "-e", deb.toString(), directory.toString()));
        return directory;
    }

    private static String dpkg(String[] options, String... action) {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(Arrays.asList(options));
        command.addAll(Arrays.asList(action));
        return Processes.run(command);
    }
}

package net.sonic.portsyncd.persistence;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Command lines for short-lived child JVMs running this module's classes, tuned to start fast: C1 only, a small
 * heap, and an AppCDS archive of the classes a warm-up run loaded. CDS only archives classes from jars, so the
 * class directories of the test class path are packed into jars first.
 */
final class ChildJvm {
    private static final List<String> FAST_START =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-XX:-UsePerfData");

    private final String javaExecutable = ProcessHandle.current().info().command().orElseThrow();
    private final String classPath;
    private final Path archive;

    private ChildJvm(String classPath, Path archive) {
        this.classPath = classPath;
        this.archive = archive;
    }

    /**
     * Packs the class path and records the archive by running {@code main} with {@code args} to a normal exit.
     * Without an archive (the dump failed) children still run, only slower.
     */
    static ChildJvm prepare(Path workDirectory, Class<?> main, String... args) throws IOException, InterruptedException {
        String classPath = jarsOnly(workDirectory);
        Path archive = workDirectory.resolve("children.jsa");
        List<String> dump = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:ArchiveClassesAtExit=" + archive));
        dump.addAll(FAST_START);
        dump.addAll(List.of("-cp", classPath, main.getName()));
        dump.addAll(List.of(args));
        Process process = new ProcessBuilder(dump).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(archive)) {
            process.destroyForcibly();
            System.out.println("child JVMs run without a class data archive: " + output);
            return new ChildJvm(classPath, null);
        }
        return new ChildJvm(classPath, archive);
    }

    /** For a test that starts only a child or two: no warm-up run. */
    static ChildJvm withoutArchive(Path workDirectory) throws IOException {
        return new ChildJvm(jarsOnly(workDirectory), null);
    }

    List<String> command(List<String> prefix, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaExecutable);
        command.add(archive == null ? "-Xshare:auto" : "-XX:SharedArchiveFile=" + archive);
        command.addAll(FAST_START);
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    List<String> command(Class<?> main, String... args) {
        return command(List.of(), main, args);
    }

    /** The test class path with every directory packed into a jar (a manifest-only jar is expanded first). */
    private static String jarsOnly(Path workDirectory) throws IOException {
        List<String> jars = new ArrayList<>();
        int packed = 0;
        for (Path entry : entries()) {
            if (Files.isDirectory(entry)) {
                Path jar = workDirectory.resolve("classes-" + packed++ + ".jar");
                pack(entry, jar);
                jars.add(jar.toString());
            } else if (Files.exists(entry)) {
                jars.add(entry.toString());
            }
        }
        return String.join(File.pathSeparator, jars);
    }

    private static List<Path> entries() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        if (entries.size() == 1 && entries.get(0).toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0).toFile())) {
                String manifestPath = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (manifestPath != null) {
                    URI base = entries.get(0).toUri();
                    entries.clear();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        entries.add(Path.of(base.resolve(url)));
                    }
                }
            }
        }
        return entries;
    }

    private static void pack(Path directory, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream packed = new JarOutputStream(out);
                Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    packed.putNextEntry(new JarEntry(directory.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, packed);
                    packed.closeEntry();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

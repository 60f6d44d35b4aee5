package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.runner.notification.Failure;

/**
 * The record of every container that was replaced because it did not come up: one line per retry (time, class,
 * attempt, cause) in a report file that starts empty, each line also printed. A run whose report is empty had no
 * retry at all.
 */
final class ContainerRetries {
    private final Path report;

    /** Starts an empty report, replacing the one of an earlier run. */
    ContainerRetries(Path report) {
        this.report = report.toAbsolutePath();
        try {
            Files.createDirectories(this.report.getParent());
            Files.writeString(this.report, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this.report, e);
        }
    }

    synchronized void record(Class<?> testClass, int attempt, int attempts, List<Failure> causes) {
        StringBuilder entry = new StringBuilder();
        for (Failure cause : causes) {
            entry.append(Instant.now()).append(' ').append(testClass.getName()).append(" attempt ").append(attempt)
                    .append(" of ").append(attempts).append(": the container did not come up, a new one is booted: ")
                    .append(summary(cause.getException())).append('\n');
        }
        System.out.print("[container retry, see " + report + "] " + entry);
        try {
            Files.writeString(report, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report, e);
        }
    }

    /** The exception and its causes on one line: the outermost says where, the innermost why. */
    private static String summary(Throwable failure) {
        StringBuilder line = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (line.length() > 0) {
                line.append(" <- ");
            }
            line.append(cause.getClass().getSimpleName()).append(": ")
                    .append(String.valueOf(cause.getMessage()).replace('\n', ' '));
        }
        return line.toString();
    }
}

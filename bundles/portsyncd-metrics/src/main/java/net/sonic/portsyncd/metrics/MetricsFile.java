package net.sonic.portsyncd.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import net.sonic.portsyncd.support.files.PrivateDirectory;
import net.sonic.portsyncd.support.files.RefusedPathException;

/**
 * {@code metrics.json}: read strictly, written atomically, in a private directory (created 0700, tightened when
 * open to others); never read or written through a symbolic link, never a file that is not a regular one.
 */
final class MetricsFile {
    static final String FILE_NAME = "metrics.json";
    /** Where a rejected file is moved, so the next save does not destroy the evidence. */
    static final String REJECTED_SUFFIX = ".rejected";
    /** Far above a real file (two histograms of at most ~34,000 buckets); guards the parser against junk. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path directory;
    private final Path path;

    MetricsFile(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.path = this.directory.resolve(FILE_NAME);
    }

    Path path() {
        return path;
    }

    /**
     * Empty when there is no file yet.
     *
     * @throws RefusedPathException when the directory or the file is refused (see {@link PrivateDirectory}); a
     *                              refused file is neither read nor moved
     */
    Optional<PersistedMetrics> read() throws RejectedMetricsFileException, RefusedPathException {
        byte[] content;
        try {
            Optional<PrivateDirectory> opened = PrivateDirectory.existing(directory);
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (PrivateDirectory metricsDirectory = opened.get()) {
                Optional<byte[]> read = readFrom(metricsDirectory);
                if (read.isEmpty()) {
                    return Optional.empty();
                }
                content = read.get();
            }
        } catch (RejectedMetricsFileException | RefusedPathException e) {
            throw e;
        } catch (IOException e) {
            throw new RejectedMetricsFileException("unreadable: " + e, e);
        }
        try {
            PersistedMetrics metrics = MAPPER.readValue(content, PersistedMetrics.class);
            if (metrics == null) {
                throw new RejectedMetricsFileException("empty JSON document");
            }
            return Optional.of(metrics);
        } catch (IOException e) {
            throw new RejectedMetricsFileException("invalid: " + firstLine(e), e);
        }
    }

    private static Optional<byte[]> readFrom(PrivateDirectory metricsDirectory)
            throws IOException, RejectedMetricsFileException {
        Optional<RefusedPathException> refusal = metricsDirectory.fileRefusal(FILE_NAME);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        Optional<PosixFileAttributes> found = metricsDirectory.attributes(FILE_NAME);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.get().size() > MAX_BYTES) {
            throw new RejectedMetricsFileException(found.get().size() + " bytes, more than the " + MAX_BYTES
                    + " allowed");
        }
        Optional<SeekableByteChannel> opened = metricsDirectory.openForReading(FILE_NAME);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Channels.newInputStream(opened.get())) {
            byte[] content = in.readNBytes((int) MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw new RejectedMetricsFileException("grew past the " + MAX_BYTES + " bytes allowed while read");
            }
            return Optional.of(content);
        }
    }

    byte[] encode(PersistedMetrics metrics) {
        try {
            return MAPPER.writeValueAsBytes(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the metrics", e);
        }
    }

    /** Replaces the file atomically, creating its directory (0700) when missing; never through a link. */
    void write(byte[] content) throws IOException {
        try (PrivateDirectory metricsDirectory = PrivateDirectory.create(directory)) {
            metricsDirectory.replace(FILE_NAME, content);
        }
    }

    /** Moves the file aside as {@code metrics.json.rejected}; returns where it went. */
    Path moveAside() throws IOException {
        try (PrivateDirectory metricsDirectory = PrivateDirectory.create(directory)) {
            metricsDirectory.rename(FILE_NAME, FILE_NAME + REJECTED_SUFFIX);
        }
        return path.resolveSibling(FILE_NAME + REJECTED_SUFFIX);
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

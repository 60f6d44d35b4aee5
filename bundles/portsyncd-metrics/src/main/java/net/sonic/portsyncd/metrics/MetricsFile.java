package net.sonic.portsyncd.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import net.sonic.portsyncd.api.state.AtomicFiles;

/** {@code metrics.json}: read strictly, written atomically. */
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

    private final Path path;

    MetricsFile(Path directory) {
        this.path = directory.resolve(FILE_NAME);
    }

    Path path() {
        return path;
    }

    /** Empty when there is no file yet. */
    Optional<PersistedMetrics> read() throws RejectedMetricsFileException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        byte[] content;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new RejectedMetricsFileException(size + " bytes, more than the " + MAX_BYTES + " allowed");
            }
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
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

    byte[] encode(PersistedMetrics metrics) {
        try {
            return MAPPER.writeValueAsBytes(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the metrics", e);
        }
    }

    void write(byte[] content) throws IOException {
        AtomicFiles.write(path, content);
    }

    /** Moves the file aside as {@code metrics.json.rejected}; returns where it went. */
    Path moveAside() throws IOException {
        Path target = path.resolveSibling(FILE_NAME + REJECTED_SUFFIX);
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

package net.sonic.portsyncd.metrics.wiring;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the guard last refreshed and how many refreshes ran since the wiring was last seen consistent, kept in a
 * file of the bundle's data area because the refresh usually restarts the guard's own bundle: the next incarnation
 * reads it to report that the wiring healed, and to stop refreshing when refreshes do not heal it. An unreadable
 * file counts as no refresh.
 */
final class RefreshMemo {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshMemo.class);

    /** One refresh and its place in a series of refreshes that have not healed the wiring yet. */
    record Entry(int consecutive, Instant at, String bundles, String reason) {
    }

    private final Path file;

    RefreshMemo(Path file) {
        this.file = file;
    }

    Optional<Entry> last() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return Optional.of(new Entry(Integer.parseInt(properties.getProperty("consecutive")),
                    Instant.ofEpochMilli(Long.parseLong(properties.getProperty("at.millis"))),
                    properties.getProperty("bundles", ""), properties.getProperty("reason", "")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable refresh record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Records a refresh about to start; returns it with its place in the series. */
    Entry record(Instant at, String bundles, String reason) {
        Entry entry = new Entry(last().map(Entry::consecutive).orElse(0) + 1, at, bundles, reason);
        Properties properties = new Properties();
        properties.setProperty("consecutive", Integer.toString(entry.consecutive()));
        properties.setProperty("at.millis", Long.toString(at.toEpochMilli()));
        properties.setProperty("bundles", bundles);
        properties.setProperty("reason", reason);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "portsyncd bundle wiring guard: last refresh");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot record the refresh in {} ({}): should it not heal the wiring, the next guard will not "
                    + "know it already tried", file, e.toString());
        }
        return entry;
    }

    /** The wiring is consistent: the series is over. */
    void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove the refresh record {}: {}", file, e.toString());
        }
    }
}

package net.sonic.portsyncd.logging;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.Optional;

/**
 * The properties of pax-logging's configuration (PID {@value #PID}) with one logger's level set, in the log4j2
 * properties syntax Karaf's {@code etc/org.ops4j.pax.logging.cfg} uses: {@code log4j2.logger.<id>.name} and
 * {@code log4j2.logger.<id>.level}. Every other property is kept as it is.
 */
public final class PaxLoggingLevels {
    public static final String PID = "org.ops4j.pax.logging";
    /** The logger every portsyncd class logs under. */
    public static final String ROOT_LOGGER = "net.sonic.portsyncd";
    static final String LOGGER_ID = "portsyncd";
    static final String NAME_KEY = "log4j2.logger." + LOGGER_ID + ".name";
    static final String LEVEL_KEY = "log4j2.logger." + LOGGER_ID + ".level";

    private PaxLoggingLevels() {
    }

    /**
     * The configuration to store so that {@link #ROOT_LOGGER} logs at {@code log4jLevel}, or empty when
     * {@code current} already says so (an update would make pax-logging rebuild every appender for nothing).
     *
     * @param current the PID's properties, or null when it has none yet
     */
    public static Optional<Hashtable<String, Object>> withLevel(Dictionary<String, Object> current, String log4jLevel) {
        Objects.requireNonNull(log4jLevel, "log4jLevel");
        Hashtable<String, Object> updated = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                updated.put(key, current.get(key));
            }
        }
        if (ROOT_LOGGER.equals(updated.get(NAME_KEY)) && log4jLevel.equals(updated.get(LEVEL_KEY))) {
            return Optional.empty();
        }
        updated.put(NAME_KEY, ROOT_LOGGER);
        updated.put(LEVEL_KEY, log4jLevel);
        return Optional.of(updated);
    }

    /** The level {@code current} gives {@link #ROOT_LOGGER}, when it names one. */
    public static Optional<String> levelIn(Dictionary<String, Object> current) {
        if (current == null || !ROOT_LOGGER.equals(current.get(NAME_KEY))) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.get(LEVEL_KEY)).map(String::valueOf);
    }
}

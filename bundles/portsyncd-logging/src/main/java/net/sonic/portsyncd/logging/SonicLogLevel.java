package net.sonic.portsyncd.logging;

import java.util.Optional;

/**
 * The LOGLEVEL values of CONFIG_DB {@code LOGGER|<daemon>} (swss-common's priority names) and the log4j2 level
 * each becomes. log4j2 has no NOTICE and nothing above FATAL, so NOTICE shares INFO (our lifecycle lines stay
 * visible at SONiC's default) and the three most severe share FATAL (everything we log is then hidden, as
 * syslog would filter it).
 */
public enum SonicLogLevel {
    EMERG("FATAL"),
    ALERT("FATAL"),
    CRIT("FATAL"),
    ERROR("ERROR"),
    WARN("WARN"),
    NOTICE("INFO"),
    INFO("INFO"),
    DEBUG("DEBUG");

    private final String log4jLevel;

    SonicLogLevel(String log4jLevel) {
        this.log4jLevel = log4jLevel;
    }

    public String log4jLevel() {
        return log4jLevel;
    }

    /** The level named exactly (swss-common does not fold case either), or empty for anything else. */
    public static Optional<SonicLogLevel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (SonicLogLevel level : values()) {
            if (level.name().equals(value)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}

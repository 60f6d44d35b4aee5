package net.sonic.portsyncd.logging;

import java.util.Locale;
import java.util.Optional;

/** The syslog facilities a daemon may log under (RFC 5424 numbering). */
public enum SyslogFacility {
    USER(1),
    DAEMON(3),
    LOCAL0(16),
    LOCAL1(17),
    LOCAL2(18),
    LOCAL3(19),
    LOCAL4(20),
    LOCAL5(21),
    LOCAL6(22),
    LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** "user", "daemon", "local0".."local7", in any case; empty for anything else. */
    public static Optional<SyslogFacility> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (SyslogFacility facility : values()) {
            if (facility.name().equals(wanted)) {
                return Optional.of(facility);
            }
        }
        return Optional.empty();
    }
}

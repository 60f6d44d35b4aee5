package net.sonic.portsyncd.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * A record in the format glibc's syslog(3) sends to {@code /dev/log}:
 * {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE}, local time, no host name. The message starts with
 * {@code ":- <class>: "} as swss-common's logger puts the function name there. Control characters become
 * spaces, so one record is one line, and the datagram is cut to {@code maxBytes} on a character boundary.
 */
final class SyslogLine {
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final SyslogFacility facility;
    private final String tag;
    private final long pid;
    private final ZoneId zone;
    private final int maxBytes;

    SyslogLine(SyslogFacility facility, String tag, long pid, ZoneId zone, int maxBytes) {
        this.facility = facility;
        this.tag = tag;
        this.pid = pid;
        this.zone = zone;
        this.maxBytes = maxBytes;
    }

    byte[] format(SyslogRecord record) {
        int severity = Math.max(0, Math.min(7, record.severity()));
        String text = "<" + (facility.code() * 8 + severity) + ">"
                + RFC3164_TIME.format(Instant.ofEpochMilli(record.timestampMillis()).atZone(zone)) + " "
                + tag + "[" + pid + "]: :- " + simpleName(record.loggerName()) + ": "
                + oneLine(record.message());
        return truncate(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(message.length());
        message.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString();
    }

    private byte[] truncate(byte[] bytes) {
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = maxBytes;
        // never end inside a UTF-8 sequence: back up over continuation bytes (10xxxxxx) to its lead byte
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}

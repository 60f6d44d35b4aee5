package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogLineTest {
    private static final long NOV_5_2026_UTC = 1_793_858_645_000L; // 2026-11-05T06:04:05Z

    private static String format(SyslogLine line, SyslogRecord record) {
        return new String(line.format(record), StandardCharsets.UTF_8);
    }

    @Test
    void priorityTimeTagPidAndLoggerAsSwssCommonWritesThem() {
        SyslogLine line = new SyslogLine(SyslogFacility.LOCAL3, "portsyncd", 77, ZoneOffset.UTC, 8096);

        String text = format(line, new SyslogRecord(5, NOV_5_2026_UTC, "net.sonic.portsyncd.core.Startup", "up"));

        // local3 = 19, 19 * 8 + notice 5 = 157; the day of month is space padded as in RFC 3164
        assertThat(text).isEqualTo("<157>Nov  5 06:04:05 portsyncd[77]: :- Startup: up");
    }

    @Test
    void timeIsLocalToTheConfiguredZone() {
        SyslogLine line = new SyslogLine(SyslogFacility.USER, "portsyncd", 1, ZoneId.of("Asia/Tokyo"), 8096);

        assertThat(format(line, new SyslogRecord(6, NOV_5_2026_UTC, "net.sonic.portsyncd.X", "m")))
                .startsWith("<14>Nov  5 15:04:05 ");
    }

    @Test
    void severityOutsideSyslogRangeIsClamped() {
        SyslogLine line = new SyslogLine(SyslogFacility.USER, "portsyncd", 1, ZoneOffset.UTC, 8096);

        assertThat(format(line, new SyslogRecord(42, 0, "a.B", "m"))).startsWith("<15>");
        assertThat(format(line, new SyslogRecord(-3, 0, "a.B", "m"))).startsWith("<8>");
    }

    @Test
    void controlCharactersCannotSplitOrForgeLines() {
        SyslogLine line = new SyslogLine(SyslogFacility.USER, "portsyncd", 1, ZoneOffset.UTC, 8096);

        String text = format(line, new SyslogRecord(6, 0, "a.B", "port\nEth0\r<11>fake\u0000x\ty"));

        assertThat(text).endsWith(": :- B: port Eth0 <11>fake x y").doesNotContain("\n", "\r", "\u0000", "\t");
    }

    @Test
    void nullMessageIsEmpty() {
        SyslogLine line = new SyslogLine(SyslogFacility.USER, "portsyncd", 1, ZoneOffset.UTC, 8096);

        assertThat(format(line, new SyslogRecord(6, 0, "a.B", null))).endsWith(": :- B: ");
    }

    @Test
    void longLinesAreCutOnACharacterBoundary() {
        SyslogLine line = new SyslogLine(SyslogFacility.USER, "portsyncd", 1, ZoneOffset.UTC, 60);
        String head = new String(line.format(new SyslogRecord(6, 0, "a.B", "")), StandardCharsets.UTF_8);

        byte[] cut = line.format(new SyslogRecord(6, 0, "a.B", "é".repeat(100)));

        assertThat(cut.length).isLessThanOrEqualTo(60);
        String text = new String(cut, StandardCharsets.UTF_8);
        assertThat(text).startsWith(head).doesNotContain("\uFFFD");
        assertThat(text.substring(head.length())).matches("é+");
        assertThat(cut.length).isGreaterThanOrEqualTo(59);
    }
}

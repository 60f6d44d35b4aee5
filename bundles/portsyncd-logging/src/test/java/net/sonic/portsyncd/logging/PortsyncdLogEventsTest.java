package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ops4j.pax.logging.spi.PaxLevel;
import org.ops4j.pax.logging.spi.PaxLocationInfo;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.service.log.LogLevel;

class PortsyncdLogEventsTest {

    @Test
    void portsyncdEventsBecomeRecordsWithTheirSyslogSeverity() {
        assertThat(PortsyncdLogEvents.toRecord(event("net.sonic.portsyncd.core.LinkSync", 4, "slow Redis", null)))
                .contains(new SyslogRecord(4, 1234, "net.sonic.portsyncd.core.LinkSync", "slow Redis"));
        assertThat(PortsyncdLogEvents.toRecord(event("net.sonic.portsyncd", 6, "root", null))).isPresent();
    }

    @Test
    void theExceptionContributesItsFirstLine() {
        String[] trace = {"java.io.IOException: Connection refused", "\tat a.b.C.d(C.java:1)"};

        assertThat(PortsyncdLogEvents.toRecord(event("net.sonic.portsyncd.sonicdb.X", 3, "write failed", trace)))
                .hasValueSatisfying(record -> assertThat(record.message())
                        .isEqualTo("write failed | java.io.IOException: Connection refused"));
    }

    @Test
    void otherLoggersAndTheForwarderItselfAreLeftOut() {
        assertThat(PortsyncdLogEvents.toRecord(event("org.apache.karaf.shell", 6, "x", null))).isEmpty();
        assertThat(PortsyncdLogEvents.toRecord(event("net.sonic.portsyncdx.Foo", 6, "x", null))).isEmpty();
        assertThat(PortsyncdLogEvents.toRecord(event(null, 6, "x", null))).isEmpty();
        assertThat(PortsyncdLogEvents.toRecord(event(SyslogForwarder.class.getName(), 6, "socket gone", null)))
                .isEmpty();
    }

    static PaxLoggingEvent event(String logger, int syslogSeverity, String message, String[] throwable) {
        PaxLevel level = new PaxLevel() {
            @Override
            public boolean isGreaterOrEqual(PaxLevel other) {
                return syslogSeverity <= other.getSyslogEquivalent();
            }

            @Override
            public LogLevel toLevel() {
                return LogLevel.INFO;
            }

            @Override
            public int getSyslogEquivalent() {
                return syslogSeverity;
            }
        };
        return new PaxLoggingEvent() {
            @Override
            public PaxLocationInfo getLocationInformation() {
                return null;
            }

            @Override
            public PaxLevel getLevel() {
                return level;
            }

            @Override
            public String getLoggerName() {
                return logger;
            }

            @Override
            public String getFQNOfLoggerClass() {
                return logger;
            }

            @Override
            public String getMessage() {
                return message;
            }

            @Override
            public String getRenderedMessage() {
                return message;
            }

            @Override
            public String getThreadName() {
                return "main";
            }

            @Override
            public String[] getThrowableStrRep() {
                return throwable;
            }

            @Override
            public boolean locationInformationExists() {
                return false;
            }

            @Override
            public long getTimeStamp() {
                return 1234;
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of();
            }
        };
    }
}

package net.sonic.portsyncd.logging;

import java.util.Optional;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/**
 * Picks portsyncd's own events out of everything pax-logging hands its appenders, and copies what syslog needs
 * out of them while the event is still valid.
 */
final class PortsyncdLogEvents {
    private static final String PREFIX = PaxLoggingLevels.ROOT_LOGGER + ".";
    /** The forwarder logs about the syslog socket itself; sending that to the socket would feed back. */
    private static final String FORWARDER = SyslogForwarder.class.getName();

    private PortsyncdLogEvents() {
    }

    static Optional<SyslogRecord> toRecord(PaxLoggingEvent event) {
        String logger = event.getLoggerName();
        if (logger == null || !(logger.startsWith(PREFIX) || logger.equals(PaxLoggingLevels.ROOT_LOGGER))
                || logger.equals(FORWARDER)) {
            return Optional.empty();
        }
        String message = event.getRenderedMessage();
        String[] throwable = event.getThrowableStrRep();
        if (throwable != null && throwable.length > 0) {
            message = message + " | " + throwable[0].trim();
        }
        return Optional.of(new SyslogRecord(event.getLevel().getSyslogEquivalent(), event.getTimeStamp(), logger,
                message));
    }
}

package net.sonic.portsyncd.logging;

/**
 * One log line on its way to syslog, detached from the logging framework's event (which may be reused).
 *
 * @param severity        0 (emergency) to 7 (debug)
 * @param timestampMillis when it was logged
 * @param loggerName      the logger it was logged under
 * @param message         the rendered message, with the exception's first line when there was one
 */
public record SyslogRecord(int severity, long timestampMillis, String loggerName, String message) {
}

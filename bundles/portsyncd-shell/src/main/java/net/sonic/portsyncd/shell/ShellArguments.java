package net.sonic.portsyncd.shell;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.karaf.shell.support.CommandException;

/** Validation of the values operators type; every rejection is a one-line message naming what was expected. */
public final class ShellArguments {
    /** The largest EOIU timeout the lifecycle accepts. */
    public static final long MAX_TIMEOUT_SECONDS = 3600;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final int MAX_ECHO = 40;

    private ShellArguments() {
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}, such as the number of backups to keep. */
    public static int count(String what, String value) throws CommandException {
        long parsed = wholeNumber(what, value, Integer.MAX_VALUE);
        return (int) parsed;
    }

    /** Whole seconds from 0 to {@link #MAX_TIMEOUT_SECONDS}. */
    public static Duration timeoutSeconds(String what, String value) throws CommandException {
        return Duration.ofSeconds(wholeNumber(what, value, MAX_TIMEOUT_SECONDS));
    }

    private static long wholeNumber(String what, String value, long max) throws CommandException {
        if (value == null || value.isBlank()) {
            throw new CommandException(what + " needs a whole number from 0 to " + max);
        }
        String trimmed = value.trim();
        long parsed = DIGITS.matcher(trimmed).matches() ? Long.parseLong(trimmed) : -1;
        if (parsed < 0 || parsed > max) {
            throw new CommandException(what + " expects a whole number from 0 to " + max + ", got " + echo(value));
        }
        return parsed;
    }

    /** The operator's input quoted for an error message: shortened, control characters replaced. */
    static String echo(String value) {
        String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        StringBuilder quoted = new StringBuilder("'");
        shown.codePoints().forEach(c -> quoted.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return quoted.append('\'').toString();
    }
}

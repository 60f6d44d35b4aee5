package net.sonic.portsyncd.support.config;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.StringJoiner;

/**
 * A value a configuration did not accept.
 *
 * @param pid      the configuration's PID
 * @param key      the key, as written in the .cfg file
 * @param value    the rejected value, quoted and made printable
 * @param required what the key accepts ("an integer from 1 to 1048576")
 * @param outcome  what is used instead ("keeping 16384", "using the default 16384")
 */
record Rejection(String pid, String key, String value, String required, String outcome) {
    private static final int MAX_SHOWN = 64;

    /** Bounded and free of control characters, so a hostile value can neither forge nor flood log lines. */
    static String printable(Object raw) {
        String text = text(raw);
        String shortened = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return "'" + shortened.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** A value in use, as the log line shows it: text quoted, numbers and flags bare. */
    static String shown(Object value) {
        return value instanceof String ? printable(value) : String.valueOf(value);
    }

    private static String text(Object raw) {
        if (raw != null && raw.getClass().isArray()) {
            StringJoiner elements = new StringJoiner(", ", "[", "]");
            for (int i = 0; i < Array.getLength(raw); i++) {
                elements.add(String.valueOf(Array.get(raw, i)));
            }
            return elements.toString();
        }
        if (raw instanceof Collection<?> collection) {
            return collection.toString();
        }
        return String.valueOf(raw);
    }
}

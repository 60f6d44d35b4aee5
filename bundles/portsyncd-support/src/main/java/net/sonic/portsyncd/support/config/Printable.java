package net.sonic.portsyncd.support.config;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.StringJoiner;

/** Untrusted values made fit for a log line: bounded, quoted, free of control characters. */
public final class Printable {
    private static final int MAX_SHOWN = 64;

    private Printable() {
    }

    /** {@code 'abc'}, arrays and collections as {@code '[a, b]'}: a hostile value can neither forge nor flood lines. */
    public static String quoted(Object raw) {
        String text = text(raw);
        String shortened = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return "'" + shortened.replaceAll("\\p{Cntrl}", "?") + "'";
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

package net.sonic.portsyncd.sonicdb;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.sonic.portsyncd.api.db.DbException;

/** Decoding of raw RESP replies (Jedis's own map builders lose the server's field order). */
final class Replies {
    private Replies() {
    }

    /** A flat {@code [f1, v1, f2, v2, ...]} reply as an ordered map. */
    static Map<String, String> fieldMap(Object reply, String context) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply == null) {
            return fields;
        }
        if (!(reply instanceof List<?> list)) {
            throw new DbException(context + ": expected an array reply, got " + reply.getClass().getSimpleName());
        }
        if (list.size() % 2 != 0) {
            throw new DbException(context + ": field/value reply has an odd number (" + list.size() + ") of elements");
        }
        for (int i = 0; i < list.size(); i += 2) {
            fields.put(text(list.get(i), context), text(list.get(i + 1), context));
        }
        return fields;
    }

    static String text(Object element, String context) {
        if (element instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (element instanceof String s) {
            return s;
        }
        throw new DbException(context + ": expected a string element, got "
                + (element == null ? "nil" : element.getClass().getSimpleName()));
    }
}

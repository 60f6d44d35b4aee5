package net.sonic.portsyncd.api.db;

import java.util.LinkedHashMap;
import java.util.Map;

/** One popped entry: SET with the pending fields, or DEL when no fields were pending. */
public record KeyOpFields(String key, Op op, Map<String, String> fields) {

    public enum Op { SET, DEL }

    public KeyOpFields {
        fields = new LinkedHashMap<>(fields);
    }
}

package net.sonic.portsyncd.api.db;

import java.util.LinkedHashMap;
import java.util.Map;

/** A row key with its fields, in order. */
public record KeyFields(String key, Map<String, String> fields) {
    public KeyFields {
        fields = new LinkedHashMap<>(fields);
    }
}

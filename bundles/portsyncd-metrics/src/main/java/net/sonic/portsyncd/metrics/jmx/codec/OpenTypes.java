package net.sonic.portsyncd.metrics.jmx.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.TabularType;

/** Builds the static open types of the codecs; an invalid definition is a bug, reported at class load. */
final class OpenTypes {
    private OpenTypes() {
    }

    /** One item of a composite type. */
    record Item(String name, String description, OpenType<?> type) {
    }

    static Item item(String name, String description, OpenType<?> type) {
        return new Item(name, description, type);
    }

    static CompositeType composite(String typeName, String description, Item... items) {
        String[] names = new String[items.length];
        String[] descriptions = new String[items.length];
        OpenType<?>[] types = new OpenType<?>[items.length];
        for (int i = 0; i < items.length; i++) {
            names[i] = items[i].name();
            descriptions[i] = items[i].description();
            types[i] = items[i].type();
        }
        try {
            return new CompositeType(typeName, description, names, descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException("invalid composite type " + typeName, e);
        }
    }

    static TabularType table(String typeName, String description, CompositeType row, String... index) {
        try {
            return new TabularType(typeName, description, row, index);
        } catch (OpenDataException e) {
            throw new IllegalStateException("invalid tabular type " + typeName, e);
        }
    }

    /** A composite value; {@code values} in the order of the type's items as declared. */
    static CompositeData data(CompositeType type, Item[] items, Object... values) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < items.length; i++) {
            byName.put(items[i].name(), values[i]);
        }
        try {
            return new CompositeDataSupport(type, byName);
        } catch (OpenDataException e) {
            throw new IllegalStateException("value does not fit " + type.getTypeName(), e);
        }
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

package net.sonic.portsyncd.support.config;

import java.util.Map;
import java.util.Optional;

/**
 * What one configuration key accepts. Values are handled in one canonical type per kind ({@link Long} for integers,
 * {@link Boolean}, {@link String}), whatever the annotation method returns. Implementations are in {@link Ranges}.
 */
public interface Range {

    /**
     * The canonical value {@code raw} stands for, empty when it is not acceptable.
     *
     * @param raw     what Config Admin holds for the key (a String from a .cfg file, a boxed number, an array...)
     * @param earlier the values accepted for the keys declared before this one, by key
     */
    Optional<Object> accept(Object raw, Map<String, Object> earlier);

    /** What is required, as the log line says it: "an integer from 1 to 1048576". */
    String required(Map<String, Object> earlier);

    /** Whether an annotation method returning {@code type} can carry every value this range accepts. */
    boolean suits(Class<?> type);

    /**
     * The value to use when neither the last good value nor the default is accepted any more, which happens only
     * when a bound follows another key; empty for ranges with fixed bounds.
     */
    default Optional<Object> least(Map<String, Object> earlier) {
        return Optional.empty();
    }
}

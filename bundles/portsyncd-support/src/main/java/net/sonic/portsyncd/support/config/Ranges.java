package net.sonic.portsyncd.support.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The ranges configurations are checked against. Strings are trimmed first (a .cfg value is text); anything that is
 * not a single scalar of the expected kind, such as an array where one number is expected, is rejected rather than
 * coerced the way component property types would (first element, truncated number, {@code "ture"} read as false).
 */
public final class Ranges {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");

    private Ranges() {
    }

    /** Whole numbers from {@code min} to {@code max}, both included. */
    public static Range integers(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        return new IntegerRange(min, null, max);
    }

    /** Whole numbers from the value accepted for {@code minKey} (declared earlier) to {@code max}. */
    public static Range integersFrom(String minKey, long max) {
        return new IntegerRange(Long.MIN_VALUE, minKey, max);
    }

    /** {@code true} or {@code false}, in any case. */
    public static Range flag() {
        return new FlagRange();
    }

    /** Text for which {@code accepts} holds, described by {@code required} ("a name under /var/run/netns"). */
    public static Range text(String required, Predicate<String> accepts) {
        return new TextRange(required, accepts);
    }

    /** An absolute file system path. */
    public static Range absolutePath() {
        return text("an absolute path", Ranges::isAbsolutePath);
    }

    /** One of {@code names}, in any case; the accepted value is spelt as in {@code names}. */
    public static Range oneOf(List<String> names) {
        return new Range() {
            @Override
            public Optional<Object> accept(Object raw, Map<String, Object> earlier) {
                return trimmedText(raw).flatMap(text -> names.stream().filter(name -> name.equalsIgnoreCase(text))
                        .findFirst());
            }

            @Override
            public String required(Map<String, Object> earlier) {
                return "one of " + String.join(", ", names);
            }

            @Override
            public boolean suits(Class<?> type) {
                return type == String.class;
            }
        };
    }

    private static boolean isAbsolutePath(String text) {
        try {
            return !text.isEmpty() && Path.of(text).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Optional<String> trimmedText(Object raw) {
        return raw instanceof String text ? Optional.of(text.trim()) : Optional.empty();
    }

    /** The exact whole number {@code raw} is, empty for anything else (fractions, exponents, arrays, booleans). */
    static Optional<Long> wholeNumber(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return Optional.of(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? Optional.of(big.longValue()) : Optional.empty();
        }
        if (raw instanceof String text && INTEGER.matcher(text.trim()).matches()) {
            try {
                return Optional.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException beyondLong) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record IntegerRange(long min, String minKey, long max) implements Range {
        @Override
        public Optional<Object> accept(Object raw, Map<String, Object> earlier) {
            long low = low(earlier);
            return wholeNumber(raw).filter(value -> value >= low && value <= max).map(Object.class::cast);
        }

        @Override
        public String required(Map<String, Object> earlier) {
            return minKey == null
                    ? "an integer from " + min + " to " + max
                    : "an integer from " + low(earlier) + " (" + minKey + ") to " + max;
        }

        @Override
        public boolean suits(Class<?> type) {
            return type == long.class
                    || type == int.class && max <= Integer.MAX_VALUE && (minKey != null || min >= Integer.MIN_VALUE);
        }

        @Override
        public Optional<Object> least(Map<String, Object> earlier) {
            return Optional.of(low(earlier));
        }

        private long low(Map<String, Object> earlier) {
            if (minKey == null) {
                return min;
            }
            Object bound = earlier.get(minKey);
            if (!(bound instanceof Long value)) {
                throw new IllegalStateException(minKey + " must be an integer key declared before this one");
            }
            return value;
        }
    }

    private record FlagRange() implements Range {
        @Override
        public Optional<Object> accept(Object raw, Map<String, Object> earlier) {
            if (raw instanceof Boolean flag) {
                return Optional.of(flag);
            }
            return trimmedText(raw).map(text -> text.toLowerCase(Locale.ROOT))
                    .filter(text -> text.equals("true") || text.equals("false"))
                    .map(Boolean::valueOf);
        }

        @Override
        public String required(Map<String, Object> earlier) {
            return "true or false";
        }

        @Override
        public boolean suits(Class<?> type) {
            return type == boolean.class;
        }
    }

    private record TextRange(String description, Predicate<String> accepts) implements Range {
        @Override
        public Optional<Object> accept(Object raw, Map<String, Object> earlier) {
            return trimmedText(raw).filter(accepts).map(Object.class::cast);
        }

        @Override
        public String required(Map<String, Object> earlier) {
            return description;
        }

        @Override
        public boolean suits(Class<?> type) {
            return type == String.class;
        }
    }
}

package net.sonic.portsyncd.support.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one typed configuration ({@code @ObjectClassDefinition} annotation) with the range each accepts,
 * declared next to the annotation:
 *
 * <pre>
 * static final ConfigSpec&lt;Config&gt; SPEC = ConfigSpec.of(PID, Config.class)
 *         .key("queue.capacity", Ranges.integers(1, 1 &lt;&lt; 20))
 *         .build();
 * </pre>
 *
 * Keys are spelt as in the .cfg file and must be the annotation's methods by the component property type rules
 * ({@code queue_capacity} is {@code queue.capacity}); {@link Builder#build()} refuses a spec that misses a
 * method, names an unknown one, does not suit its return type, or does not accept the annotation's default. A key
 * whose range depends on another key is declared after it.
 *
 * <p>A key declared with {@link Builder#identityKey} names <em>what</em> the component serves (a namespace, a
 * database instance): a rejected value with no earlier good one is never replaced by the default, since serving
 * the default's namespace instead of the configured one is worse than serving nothing. The validation then names
 * the key as unresolved and the component serves nothing until it is corrected.
 */
public final class ConfigSpec<C extends Annotation> {
    private final String pid;
    private final Class<C> type;
    private final List<Key> keys;

    private ConfigSpec(String pid, Class<C> type, List<Key> keys) {
        this.pid = pid;
        this.type = type;
        this.keys = keys;
    }

    public static <C extends Annotation> Builder<C> of(String pid, Class<C> type) {
        return new Builder<>(pid, type);
    }

    public String pid() {
        return pid;
    }

    /**
     * Checks every key of {@code properties}. An absent key takes its default: the one in {@code defaults} when that
     * is acceptable, else the annotation's. A rejected value is replaced by the last good value of the key, else the
     * default, else (when another key moved a bound past both) the nearest acceptable value. Accepted values become
     * the last good ones.
     */
    Validation<C> validate(Map<String, ?> properties, Map<String, ?> defaults, LastGoodValues lastGood) {
        Map<String, Object> accepted = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (Key key : keys) {
            Range range = key.range();
            Object defaultValue = Optional.ofNullable(defaults.get(key.name()))
                    .flatMap(value -> range.accept(value, accepted)).orElse(key.defaultValue());
            Object raw = properties.get(key.name());
            Object candidate = raw == null ? defaultValue : raw;
            Optional<Object> value = range.accept(candidate, accepted);
            if (value.isPresent()) {
                lastGood.remember(pid, key.name(), value.get());
                accepted.put(key.name(), value.get());
                continue;
            }
            String required = range.required(accepted);
            Optional<Object> previous = lastGood.get(pid, key.name()).flatMap(last -> range.accept(last, accepted));
            Optional<Object> fallback = range.accept(defaultValue, accepted);
            Object used;
            String outcome;
            if (previous.isPresent()) {
                used = previous.get();
                outcome = "keeping " + Rejection.shown(used);
            } else if (key.identity()) {
                used = key.defaultValue();
                outcome = "there is no earlier good value, so nothing is served until it is corrected";
                unresolved.add(key.name());
            } else if (fallback.isPresent()) {
                used = fallback.get();
                outcome = "using the default " + Rejection.shown(used);
            } else {
                used = range.least(accepted).orElseThrow(() -> new IllegalStateException(
                        "no acceptable value for " + key.name() + " of " + pid));
                outcome = "using " + Rejection.shown(used);
            }
            accepted.put(key.name(), used);
            String shownValue = Printable.quoted(candidate) + (raw == null ? " (the default)" : "");
            rejections.add(new Rejection(pid, key.name(), shownValue, required, outcome));
        }
        return new Validation<>(proxy(accepted), List.copyOf(rejections), List.copyOf(unresolved));
    }

    /** An instance of the annotation answering with {@code accepted}, as Declarative Services would build one. */
    private C proxy(Map<String, Object> accepted) {
        Map<String, Object> byMethod = new HashMap<>();
        for (Key key : keys) {
            byMethod.put(key.method().getName(), typed(accepted.get(key.name()), key.method().getReturnType()));
        }
        String text = "@" + type.getName() + accepted;
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (args == null && byMethod.containsKey(name)) {
                return byMethod.get(name);
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> text;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }));
    }

    private static Object typed(Object canonical, Class<?> returnType) {
        return returnType == int.class ? (Object) ((Long) canonical).intValue() : canonical;
    }

    private static Object canonical(Object value) {
        return value instanceof Integer || value instanceof Short || value instanceof Byte
                ? (Object) ((Number) value).longValue()
                : value;
    }

    /**
     * The configuration key of an annotation method, by the component property type mapping: {@code _} is
     * {@code .}, {@code __} is {@code _}, {@code $} is dropped, {@code $$} is {@code $}, {@code $_$} is {@code -}.
     */
    static String keyOf(String methodName) {
        StringBuilder key = new StringBuilder(methodName.length());
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (methodName.startsWith("$_$", i)) {
                key.append('-');
                i += 2;
            } else if (methodName.startsWith("$$", i)) {
                key.append('$');
                i++;
            } else if (methodName.startsWith("__", i)) {
                key.append('_');
                i++;
            } else if (c == '_') {
                key.append('.');
            } else if (c != '$') {
                key.append(c);
            }
        }
        return key.toString();
    }

    /**
     * The outcome of one check: the configuration to run with, what was rejected on the way, and the identity keys
     * left without a value to serve.
     */
    record Validation<C>(C config, List<Rejection> rejections, List<String> unresolved) {
    }

    private record Key(String name, Method method, Range range, Object defaultValue, boolean identity) {
    }

    public static final class Builder<C extends Annotation> {
        private final String pid;
        private final Class<C> type;
        private final Map<String, Range> ranges = new LinkedHashMap<>();
        private final java.util.Set<String> identities = new java.util.HashSet<>();

        private Builder(String pid, Class<C> type) {
            this.pid = pid;
            this.type = type;
        }

        public Builder<C> key(String name, Range range) {
            if (ranges.putIfAbsent(name, range) != null) {
                throw new IllegalArgumentException(name + " is declared twice in " + pid);
            }
            return this;
        }

        /** A key that names what is served: never replaced by its default (see the class description). */
        public Builder<C> identityKey(String name, Range range) {
            identities.add(name);
            return key(name, range);
        }

        public ConfigSpec<C> build() {
            Map<String, Method> methods = new HashMap<>();
            for (Method method : type.getDeclaredMethods()) {
                // the elements only, not what the compiler adds for constants declared in the annotation
                if (Modifier.isAbstract(method.getModifiers())) {
                    methods.put(keyOf(method.getName()), method);
                }
            }
            if (!methods.keySet().equals(ranges.keySet())) {
                throw new IllegalStateException(pid + " declares ranges for " + ranges.keySet() + " but "
                        + type.getName() + " has keys " + methods.keySet());
            }
            List<Key> keys = new ArrayList<>();
            Map<String, Object> defaults = new LinkedHashMap<>();
            for (Map.Entry<String, Range> entry : ranges.entrySet()) {
                String name = entry.getKey();
                Method method = methods.get(name);
                Range range = entry.getValue();
                if (!range.suits(method.getReturnType())) {
                    throw new IllegalStateException(pid + " " + name + ": the range does not suit "
                            + method.getReturnType());
                }
                Object defaultValue = canonical(method.getDefaultValue());
                if (range.accept(defaultValue, defaults).isEmpty()) {
                    throw new IllegalStateException(pid + " " + name + ": the default " + defaultValue
                            + " is not " + range.required(defaults));
                }
                defaults.put(name, defaultValue);
                keys.add(new Key(name, method, range, defaultValue, identities.contains(name)));
            }
            return new ConfigSpec<>(pid, type, Collections.unmodifiableList(keys));
        }
    }
}

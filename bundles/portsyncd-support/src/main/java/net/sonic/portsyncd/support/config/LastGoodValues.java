package net.sonic.portsyncd.support.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest accepted value of every key, by PID. Each bundle carries its own private copy of this package, so
 * {@link #ofThisBundle()} holds what this bundle (this revision of it) accepted in this JVM: a component that is
 * re-created for a configuration change, or re-activated, keeps what its predecessor ran with.
 */
final class LastGoodValues {
    private static final LastGoodValues THIS_BUNDLE = new LastGoodValues();

    private final Map<String, Map<String, Object>> byPid = new ConcurrentHashMap<>();

    static LastGoodValues ofThisBundle() {
        return THIS_BUNDLE;
    }

    Optional<Object> get(String pid, String key) {
        return Optional.ofNullable(byPid.getOrDefault(pid, Map.of()).get(key));
    }

    void remember(String pid, String key, Object value) {
        byPid.computeIfAbsent(pid, unused -> new ConcurrentHashMap<>()).put(key, value);
    }
}

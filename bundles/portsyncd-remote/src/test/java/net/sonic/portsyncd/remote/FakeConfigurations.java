package net.sonic.portsyncd.remote;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Config Admin in memory: the configurations by PID, and every update made, in order. */
final class FakeConfigurations {
    final Map<String, Dictionary<String, Object>> byPid = new HashMap<>();
    final List<String> updated = new CopyOnWriteArrayList<>();

    ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration")) {
                        return configuration((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    void put(String pid, Map<String, Object> properties) {
        byPid.put(pid, new Hashtable<>(properties));
    }

    Map<String, Object> get(String pid) {
        Map<String, Object> copy = new HashMap<>();
        Dictionary<String, Object> properties = byPid.get(pid);
        if (properties != null) {
            java.util.Collections.list(properties.keys()).forEach(key -> copy.put(key, properties.get(key)));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> {
                        Dictionary<String, Object> properties = byPid.get(pid);
                        yield properties == null ? null : new Hashtable<>((Hashtable<String, Object>) properties);
                    }
                    case "update" -> {
                        byPid.put(pid, new Hashtable<>((Hashtable<String, Object>) args[0]));
                        updated.add(pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

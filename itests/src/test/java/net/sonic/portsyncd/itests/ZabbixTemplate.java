package net.sonic.portsyncd.itests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Zabbix 6.0 template export (YAML) read as the Zabbix frontend's import reads it, down to what the tests check:
 * the template, its items with their triggers, its macros and value maps, and the graphs and multi-item triggers of
 * the export.
 */
record ZabbixTemplate(String version, String host, List<String> uuids, List<Item> items, List<Trigger> triggers,
        List<Graph> graphs, Map<String, Macro> macros, Set<String> valueMaps) {

    /**
     * Unset fields are Zabbix's defaults, as an export leaves them out: value type UNSIGNED, no units; a JMX item
     * has an endpoint and credentials, a DEPENDENT item the key of its master item.
     */
    record Item(String name, String type, String key, String valueType, String units, String description,
            String jmxEndpoint, String username, String password, String masterKey, String valueMap,
            List<Step> preprocessing, List<Trigger> triggers) {
    }

    record Step(String type, List<String> parameters) {
    }

    record Trigger(String name, String expression, String priority, String description) {
    }

    record Graph(String name, List<String> keys, List<String> hosts) {
    }

    record Macro(String name, String value, String type, String description) {
    }

    static ZabbixTemplate read(Path file) throws IOException {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Map<String, Object> export = map(root, "zabbix_export");
        List<String> uuids = new ArrayList<>();
        maps(export, "groups").forEach(group -> uuids.add(string(group, "uuid")));
        List<Map<String, Object>> templates = maps(export, "templates");
        if (templates.size() != 1) {
            throw new AssertionError("one template expected in " + file + ", found " + templates.size());
        }
        Map<String, Object> template = templates.get(0);
        uuids.add(string(template, "uuid"));
        List<Item> items = new ArrayList<>();
        for (Map<String, Object> item : maps(template, "items")) {
            uuids.add(string(item, "uuid"));
            List<Trigger> itemTriggers = triggers(item, uuids);
            List<Step> steps = maps(item, "preprocessing").stream()
                    .map(step -> new Step(string(step, "type"), strings(step, "parameters"))).toList();
            String masterKey = item.containsKey("master_item") ? string(map(item, "master_item"), "key") : "";
            String valueMap = item.containsKey("valuemap") ? string(map(item, "valuemap"), "name") : "";
            items.add(new Item(string(item, "name"), string(item, "type"), string(item, "key"),
                    optional(item, "value_type", "UNSIGNED"), optional(item, "units", ""),
                    optional(item, "description", ""), optional(item, "jmx_endpoint", ""),
                    optional(item, "username", ""), optional(item, "password", ""), masterKey, valueMap, steps,
                    itemTriggers));
        }
        List<Graph> graphs = new ArrayList<>();
        for (Map<String, Object> graph : maps(export, "graphs")) {
            uuids.add(string(graph, "uuid"));
            List<String> keys = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            for (Map<String, Object> graphItem : maps(graph, "graph_items")) {
                Map<String, Object> reference = map(graphItem, "item");
                hosts.add(string(reference, "host"));
                keys.add(string(reference, "key"));
            }
            graphs.add(new Graph(string(graph, "name"), keys, hosts));
        }
        Map<String, Macro> macros = new LinkedHashMap<>();
        for (Map<String, Object> macro : maps(template, "macros")) {
            String name = string(macro, "macro");
            macros.put(name, new Macro(name, optional(macro, "value", ""), optional(macro, "type", "TEXT"),
                    optional(macro, "description", "")));
        }
        Set<String> valueMaps = new LinkedHashSet<>();
        for (Map<String, Object> valueMap : maps(template, "valuemaps")) {
            uuids.add(string(valueMap, "uuid"));
            valueMaps.add(string(valueMap, "name"));
        }
        return new ZabbixTemplate(string(export, "version"), string(template, "template"), uuids, items,
                triggers(export, uuids), graphs, macros, valueMaps);
    }

    /** The item whose key is {@code key}. */
    Item item(String key) {
        return items.stream().filter(item -> item.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("the template has no item " + key));
    }

    /** Every trigger: those of the items and those of the export (that use more than one item). */
    List<Trigger> allTriggers() {
        List<Trigger> all = new ArrayList<>(triggers);
        items.forEach(item -> all.addAll(item.triggers()));
        return all;
    }

    private static List<Trigger> triggers(Map<String, Object> parent, List<String> uuids) {
        List<Trigger> triggers = new ArrayList<>();
        for (Map<String, Object> trigger : maps(parent, "triggers")) {
            uuids.add(string(trigger, "uuid"));
            triggers.add(new Trigger(string(trigger, "name"), string(trigger, "expression"),
                    optional(trigger, "priority", "NOT_CLASSIFIED"), optional(trigger, "description", "")));
        }
        return triggers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("'" + key + "' is not a mapping in " + parent.keySet());
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new AssertionError("'" + key + "' is not a list");
        }
        return (List<Map<String, Object>>) value;
    }

    private static List<String> strings(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new AssertionError("'" + key + "' is not a list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String string(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof String text)) {
            throw new AssertionError("'" + key + "' is missing or not a string (quote it) in " + parent);
        }
        return text;
    }

    private static String optional(Map<String, Object> parent, String key, String otherwise) {
        return parent.containsKey(key) ? string(parent, key) : otherwise;
    }
}

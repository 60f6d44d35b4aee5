package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.testkit.KarafInstance;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The Zabbix template the distribution ships ({@code etc/zabbix/portsyncd-zabbix-template.yaml}) against a running
 * container, as a Zabbix server would use it: every JMX item key is asked of the Debian package's Zabbix Java gateway
 * with the template's JMX endpoint and the viewer's credentials, in the gateway's own protocol, and must come back
 * with a value that suits the item after its preprocessing (so must every item that depends on one); the template
 * must cover every attribute of our MBeans the gateway can read and every alarm; its triggers and graphs may use only
 * its own items and macros; a healthy container fires no trigger, and an alarm raised in the container fires its
 * trigger until it clears. Plain test: the container runs on a {@link DrillSwitch}.
 */
public class ZabbixTemplateTest {
    private static final String TEMPLATE = "etc/zabbix/portsyncd-zabbix-template.yaml";
    /** The gateway's start and its first connection to the container. */
    private static final Duration GATEWAY_LIMIT = Duration.ofSeconds(120);
    private static final String USER_MACRO = "{$PORTSYNCD.JMX.USER}";
    private static final String PASSWORD_MACRO = "{$PORTSYNCD.JMX.PASSWORD}";
    /** {@code jmx["<object name>","<attribute>"]}, the attribute possibly a path into composite data. */
    private static final Pattern JMX_KEY = Pattern.compile("jmx\\[\"([^\"]+)\",\"([^\"]+)\"]");
    private static final Pattern USER_MACROS = Pattern.compile("\\{\\$[A-Z0-9_.]+(?::[^}]*)?}");
    private static final Pattern FUNCTION_CALL = Pattern.compile("([a-z_]+)\\(/");
    private static final String ALARMS_KEY = "jmx[\"" + Jmx.ALARMS + "\",\"ActiveAlarms\"]";
    /**
     * Attributes the template leaves out: the port table, since a switch's ports are watched through SONiC's own
     * interfaces and, as one JSON value, it outgrows what Zabbix keeps of a text item on a large switch.
     */
    private static final Set<String> NOT_ITEMS = Set.of(Jmx.PORTS + " Ports");
    /** Raising or clearing an alarm, and the gateway's next look. */
    private static final Duration ALARM_LIMIT = Duration.ofSeconds(30);

    @ClassRule
    public static final DrillContainer SWITCH = new DrillContainer();

    /** Each test starts from the switch's starting point; a failure keeps the container's and the gateway's files. */
    @Rule
    public final TestRule fromTheStartingPoint = SWITCH.eachDrill();

    private static ZabbixJavaGateway gateway;
    private static ZabbixTemplate template;

    @BeforeClass
    public static void startTheGateway() throws Exception {
        template = ZabbixTemplate.read(karaf().home().resolve(TEMPLATE));
        gateway = ZabbixJavaGateway.start(SWITCH.get().work().resolve("zabbix"));
        String running = jmxKey(Jmx.PORTS, "Status.running");
        Poll.until(GATEWAY_LIMIT, () -> {
            try {
                JsonNode answer = gateway.jmx(resolve(jmxItems().get(0).jmxEndpoint()), TestUsers.VIEWER[0],
                        TestUsers.VIEWER[1], List.of(running));
                return "true".equals(answer.path("data").path(0).path("value").asText());
            } catch (IOException e) {
                return false;
            }
        }, () -> running + " true through the gateway; see " + gateway.log());
    }

    @AfterClass
    public static void stopTheGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    public void theTemplateIsAZabbix60ExportOfJmxItemsOnKarafsJmxEndpoint() {
        assertEquals("6.0", template.version());
        Set<String> uuids = new HashSet<>();
        for (String uuid : template.uuids()) {
            // Zabbix's import takes version 4 UUIDs only, without dashes
            assertTrue("a UUIDv4: " + uuid, uuid.matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}"));
            assertTrue("UUIDs are unique: " + uuid, uuids.add(uuid));
        }
        assertFalse("the template has JMX items", jmxItems().isEmpty());
        Set<String> keys = new HashSet<>();
        for (ZabbixTemplate.Item item : template.items()) {
            assertTrue("keys are unique: " + item.key(), keys.add(item.key()));
            assertTrue(item.key() + " " + item.valueType(),
                    Set.of("UNSIGNED", "FLOAT", "CHAR", "TEXT").contains(item.valueType()));
            assertFalse("every item says what it is: " + item.key(), item.description().isBlank());
            for (ZabbixTemplate.Step step : item.preprocessing()) {
                assertTrue(item.key() + ": preprocessing " + step.type(), ZabbixServerRules.STEPS.contains(step.type()));
            }
            assertTrue(item.key() + " uses a value map of the template: " + item.valueMap(),
                    item.valueMap().isEmpty() || template.valueMaps().contains(item.valueMap()));
            if (item.type().equals("JMX")) {
                Matcher key = JMX_KEY.matcher(item.key());
                assertTrue("jmx[\"<object name>\",\"<attribute>\"]: " + item.key(), key.matches());
                assertTrue(item.key(), key.group(1).startsWith(Jmx.DOMAIN + ":"));
                assertEquals(item.key(), USER_MACRO, item.username());
                assertEquals(item.key(), PASSWORD_MACRO, item.password());
                assertEquals("one endpoint for every item", jmxItems().get(0).jmxEndpoint(), item.jmxEndpoint());
            } else {
                assertEquals(item.key(), "DEPENDENT", item.type());
                assertEquals(item.key() + " depends on a JMX item", "JMX", template.item(item.masterKey()).type());
            }
        }
        // Zabbix's JMX endpoint form of Karaf's connector URL: the RMI server port is a macro, the registry port
        // the host's JMX interface
        assertEquals(karaf().jmxServiceUrl(), resolve(jmxItems().get(0).jmxEndpoint()));
        assertTrue(jmxItems().get(0).jmxEndpoint().contains("{HOST.CONN}:{HOST.PORT}/karaf-root"));
        ZabbixTemplate.Macro password = template.macros().get(PASSWORD_MACRO);
        assertNotNull(PASSWORD_MACRO + " is a macro of the template", password);
        assertEquals("the password is a secret macro", "SECRET_TEXT", password.type());
        assertEquals("the template ships no password", "", password.value());
        assertEquals("an NMS reads as the viewer", "viewer", template.macros().get(USER_MACRO).value());
    }

    @Test
    public void triggersAndGraphsUseOnlyTheTemplatesItemsAndMacros() {
        Set<String> keys = template.items().stream().map(ZabbixTemplate.Item::key).collect(Collectors.toSet());
        List<ZabbixTemplate.Trigger> triggers = template.allTriggers();
        assertFalse("the template has triggers", triggers.isEmpty());
        for (ZabbixTemplate.Trigger trigger : triggers) {
            List<String[]> references = ZabbixServerRules.itemReferences(trigger.expression());
            assertFalse("a trigger uses an item: " + trigger.expression(), references.isEmpty());
            for (String[] reference : references) {
                assertEquals(trigger.expression(), template.host(), reference[0]);
                assertTrue("trigger '" + trigger.name() + "' uses an item of the template: " + reference[1],
                        keys.contains(reference[1]));
            }
            Matcher call = FUNCTION_CALL.matcher(trigger.expression());
            while (call.find()) {
                assertTrue(trigger.expression() + ": function " + call.group(1),
                        ZabbixServerRules.FUNCTIONS.contains(call.group(1)));
            }
            assertMacrosDefined(trigger.expression() + " " + trigger.name());
            assertTrue(trigger.name() + " " + trigger.priority(), Set.of("INFO", "WARNING", "AVERAGE", "HIGH",
                    "DISASTER").contains(trigger.priority()));
        }
        assertFalse("the template has graphs", template.graphs().isEmpty());
        for (ZabbixTemplate.Graph graph : template.graphs()) {
            assertFalse(graph.name(), graph.keys().isEmpty());
            graph.hosts().forEach(host -> assertEquals(graph.name(), template.host(), host));
            graph.keys().forEach(key -> assertTrue(graph.name() + " draws an item of the template: " + key,
                    keys.contains(key)));
        }
        template.items().forEach(item -> assertMacrosDefined(item.jmxEndpoint() + item.username() + item.password()));
    }

    @Test
    public void everyAlarmHasAnItemAndATrigger() {
        for (AlarmType type : AlarmType.values()) {
            String key = alarmKey(type);
            ZabbixTemplate.Item item = template.item(key);
            assertEquals(key, ALARMS_KEY, item.masterKey());
            assertEquals(key + " has its trigger", 1, item.triggers().size());
            assertEquals(key, "last(/" + template.host() + "/" + key + ")=1", item.triggers().get(0).expression());
        }
    }

    @Test
    public void everyItemReadsAValueOfItsTypeThroughTheJavaGatewayAsTheViewerAndNoTriggerFires() throws Exception {
        Map<String, String> latest = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        poll(latest, problems);
        latest.forEach((key, value) -> System.out.println("[ZabbixTemplateTest] " + key + " = "
                + (value.length() > 200 ? value.substring(0, 200) + "..." : value)));
        assertTrue("items the gateway could not read as the template says:\n" + String.join("\n", problems),
                problems.isEmpty());
        assertEquals("the engine runs", "1", latest.get(jmxKey(Jmx.PORTS, "Status.running")));
        List<String> firing = firing(latest);
        assertTrue("a healthy container fires no trigger: " + firing, firing.isEmpty());
    }

    /**
     * A typo in a configuration file of the running container raises CONFIG_REJECTED: the template's alarm item
     * becomes 1 and its trigger fires; the file put right clears both.
     */
    @Test
    public void anAlarmOfTheContainerFiresItsTriggerUntilItClears() throws Exception {
        String key = alarmKey(AlarmType.CONFIG_REJECTED);
        String trigger = template.item(key).triggers().get(0).name();
        Path cfg = karaf().home().resolve("etc/net.sonic.portsyncd.core.cfg");
        String original = Files.readString(cfg);
        try {
            Files.writeString(cfg, original + "\nqueue.capacity = abc\n");
            Map<String, String> latest = awaitPolled(values -> "1".equals(values.get(key)), key + " = 1");
            assertEquals(List.of(trigger), firing(latest));
        } finally {
            Files.writeString(cfg, original);
        }
        Map<String, String> latest = awaitPolled(values -> "0".equals(values.get(key)), key + " = 0");
        assertEquals(List.of(), firing(latest));
    }

    @Test
    public void theTemplateCoversEveryAttributeOfOurMBeansTheGatewayCanRead() throws Exception {
        JsonNode answer = ask(List.of("jmx.get[attributes,\"" + Jmx.DOMAIN + ":*\"]")).get(0);
        assertTrue("jmx.get answered: " + answer, answer.has("value"));
        Map<String, String> readable = new TreeMap<>();
        for (JsonNode attribute : new ObjectMapper().readTree(answer.get("value").asText())) {
            readable.put(new ObjectName(attribute.get("object").asText()).getCanonicalName() + " "
                    + attribute.get("name").asText(), attribute.get("type").asText() + ": "
                    + attribute.get("description").asText());
        }
        assertFalse("the gateway lists our attributes", readable.isEmpty());
        for (String left : NOT_ITEMS) {
            String[] mbeanAndAttribute = left.split(" ");
            readable.remove(new ObjectName(mbeanAndAttribute[0]).getCanonicalName() + " " + mbeanAndAttribute[1]);
        }
        for (ZabbixTemplate.Item item : jmxItems()) {
            Matcher key = JMX_KEY.matcher(item.key());
            assertTrue(item.key(), key.matches());
            readable.remove(new ObjectName(key.group(1)).getCanonicalName() + " " + key.group(2));
        }
        assertTrue("attributes the gateway reads that the template has no item for:\n" + readable.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("\n")), readable.isEmpty());
    }

    @Test
    public void wrongCredentialsGiveAnErrorForEveryKeyNotAValue() throws Exception {
        List<String> keys = jmxItems().stream().map(ZabbixTemplate.Item::key).limit(3).toList();
        JsonNode answer = gateway.jmx(resolve(jmxItems().get(0).jmxEndpoint()), TestUsers.VIEWER[0],
                TestUsers.VIEWER[1] + "-wrong", keys);
        if ("success".equals(answer.path("response").asText())) {
            for (JsonNode value : answer.get("data")) {
                assertTrue("an error, not a value: " + value, value.has("error") && !value.has("value"));
            }
        } else {
            assertEquals(answer.toString(), "failed", answer.path("response").asText());
        }
    }

    /**
     * One poll of every item as the Zabbix server does it: the JMX items in one request to the gateway, the
     * dependent items from their master's value, each value preprocessed and checked against the item's type.
     *
     * @param latest   receives each item's value after preprocessing
     * @param problems receives what Zabbix would refuse
     */
    private static void poll(Map<String, String> latest, List<String> problems) throws IOException {
        List<ZabbixTemplate.Item> jmx = jmxItems();
        List<JsonNode> answers = ask(jmx.stream().map(ZabbixTemplate.Item::key).toList());
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < jmx.size(); i++) {
            JsonNode answer = answers.get(i);
            if (answer.has("value")) {
                raw.put(jmx.get(i).key(), answer.get("value").asText());
            } else {
                problems.add(jmx.get(i).key() + ": " + answer.path("error").asText(answer.toString()));
            }
        }
        for (ZabbixTemplate.Item item : template.items()) {
            String value = raw.get(item.type().equals("JMX") ? item.key() : item.masterKey());
            if (value == null) {
                continue;
            }
            String preprocessed = ZabbixServerRules.preprocess(item, value);
            String wrong = ZabbixServerRules.typeProblem(item, preprocessed);
            if (wrong != null) {
                problems.add(item.key() + " = " + preprocessed + ": " + wrong);
            } else {
                latest.put(item.key(), preprocessed);
            }
        }
    }

    private static KarafInstance karaf() {
        return SWITCH.get().karaf();
    }

    /** Polls until {@code condition} holds of the latest values, which it returns. */
    private static Map<String, String> awaitPolled(Predicate<Map<String, String>> condition, String what) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        Poll.until(ALARM_LIMIT, () -> {
            Map<String, String> latest = new LinkedHashMap<>();
            try {
                poll(latest, new ArrayList<>());
            } catch (IOException e) {
                return false;
            }
            last.set(latest);
            return condition.test(latest);
        }, () -> what + "; last poll: " + last.get());
        return last.get();
    }

    /** The names of the triggers that fire on {@code latest}. */
    private static List<String> firing(Map<String, String> latest) {
        Map<String, String> macros = new HashMap<>();
        template.macros().forEach((name, macro) -> macros.put(name, macro.value()));
        return template.allTriggers().stream()
                .filter(trigger -> ZabbixServerRules.fires(trigger.expression(), latest, macros))
                .map(ZabbixTemplate.Trigger::name).toList();
    }

    private static List<ZabbixTemplate.Item> jmxItems() {
        return template.items().stream().filter(item -> item.type().equals("JMX")).toList();
    }

    /** One request for {@code keys}, with the template's endpoint and the viewer as the host's macros give them. */
    private static List<JsonNode> ask(List<String> keys) throws IOException {
        JsonNode answer = gateway.jmx(resolve(jmxItems().get(0).jmxEndpoint()), TestUsers.VIEWER[0],
                TestUsers.VIEWER[1], keys);
        assertEquals("the gateway's answer: " + answer + "; see " + gateway.log(), "success",
                answer.path("response").asText());
        List<JsonNode> data = new ArrayList<>();
        answer.get("data").forEach(data::add);
        assertEquals("one answer per key", keys.size(), data.size());
        return data;
    }

    /**
     * What the Zabbix server makes of the endpoint for a host whose JMX interface is the container's RMI registry
     * on 127.0.0.1, with the template's macros except the one a host overrides: the RMI server port.
     */
    private static String resolve(String endpoint) {
        Matcher ports = Pattern.compile("rmi://127\\.0\\.0\\.1:(\\d+)/jndi/rmi://127\\.0\\.0\\.1:(\\d+)/")
                .matcher(karaf().jmxServiceUrl());
        assertTrue(karaf().jmxServiceUrl(), ports.find());
        Map<String, String> hostMacros = Map.of("{$PORTSYNCD.JMX.RMI.SERVER.PORT}", ports.group(1));
        String resolved = endpoint.replace("{HOST.CONN}", "127.0.0.1").replace("{HOST.PORT}", ports.group(2));
        Matcher macro = USER_MACROS.matcher(resolved);
        StringBuilder out = new StringBuilder();
        while (macro.find()) {
            String name = macro.group();
            String value = hostMacros.containsKey(name) ? hostMacros.get(name)
                    : template.macros().containsKey(name) ? template.macros().get(name).value() : null;
            assertNotNull("macro " + name + " of " + endpoint, value);
            macro.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        macro.appendTail(out);
        return out.toString();
    }

    private static void assertMacrosDefined(String text) {
        Matcher macro = USER_MACROS.matcher(text);
        while (macro.find()) {
            String name = macro.group().replaceFirst(":.*}", "}");
            assertTrue("macro " + name + " is defined by the template", template.macros().containsKey(name));
        }
    }

    /** The template's item for an alarm: 1 while the alarm is active, else 0. */
    private static String alarmKey(AlarmType type) {
        return "portsyncd.alarm[" + type.notificationType().substring("portsyncd.alarm.".length()) + "]";
    }

    private static String jmxKey(String objectName, String attribute) {
        return "jmx[\"" + objectName + "\",\"" + attribute + "\"]";
    }
}

package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Descriptor;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanFeatureInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.Jmx;
import net.sonic.portsyncd.api.metrics.Units;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.testkit.fake.FakeWarmRestartLifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the MBeanInfo of every portsyncd MBean as jconsole or an NMS reads it: every MBean, attribute, operation,
 * parameter and notification has a real description and a meaningful name, and every number says its unit in the
 * {@code units} descriptor field and in the end of its name.
 */
class MBeanMetadataTest {
    /** What the JDK's Standard MBean introspection says when nobody described an element. */
    private static final Set<String> JDK_DEFAULTS = Set.of("Attribute exposed for management",
            "Operation exposed for management", "Information on the management interface of the MBean",
            "Public constructor of the MBean", "");
    private static final Set<OpenType<?>> NUMERIC = Set.of(SimpleType.BYTE, SimpleType.SHORT, SimpleType.INTEGER,
            SimpleType.LONG, SimpleType.FLOAT, SimpleType.DOUBLE, SimpleType.BIGINTEGER, SimpleType.BIGDECIMAL);
    /** Name suffix to units, longest suffix first. */
    private static final Map<String, String> SUFFIX_UNITS = suffixUnits();

    @TempDir
    Path dir;

    private OurMBeans ours;

    @BeforeEach
    void registerEveryMBean() throws JMException {
        ours = new OurMBeans(dir, new FakeWarmRestartLifecycle(),
                new SimpleSyncEngine(List.of(new PortView("Ethernet0", 1, true, true, 9100, 1)), null),
                new AlarmsComponent());
    }

    @AfterEach
    void unregister() throws JMException {
        ours.close();
    }

    @Test
    void everyMBeanOfOursIsWalked() throws Exception {
        Set<String> names = new HashSet<>();
        for (PlatformMBeans mbeans : ours.registered) {
            names.add(mbeans.name().toString());
        }
        assertThat(names).isEqualTo(objectNamesInJmx());
    }

    @Test
    void everyElementHasARealDescriptionAndName() throws Exception {
        for (PlatformMBeans mbeans : ours.registered) {
            MBeanInfo info = mbeans.server.getMBeanInfo(mbeans.name());
            String mbean = mbeans.name().toString();
            assertDescribed(mbean, mbean, info.getDescription());
            Set<String> descriptions = new HashSet<>();
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                String where = mbean + " attribute " + attribute.getName();
                assertDescribed(where, attribute.getName(), attribute.getDescription());
                assertThat(descriptions.add(attribute.getDescription())).as("%s: description used twice: %s", where,
                        attribute.getDescription()).isTrue();
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                String where = mbean + " operation " + operation.getName();
                assertDescribed(where, operation.getName(), operation.getDescription());
                for (MBeanParameterInfo parameter : operation.getSignature()) {
                    String param = where + " parameter " + parameter.getName();
                    assertThat(parameter.getName()).as("%s: a name, not a position", param).doesNotMatch("p\\d+")
                            .matches("[a-z][A-Za-z]+");
                    assertDescribed(param, parameter.getName(), parameter.getDescription());
                }
            }
            for (MBeanNotificationInfo notification : info.getNotifications()) {
                assertDescribed(mbean + " notification " + notification.getName(), notification.getName(),
                        notification.getDescription());
            }
        }
    }

    @Test
    void everyNumberHasUnitsThatItsNameAgreesWith() throws Exception {
        int numbers = 0;
        for (PlatformMBeans mbeans : ours.registered) {
            MBeanInfo info = mbeans.server.getMBeanInfo(mbeans.name());
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                if (NUMERIC.contains(((OpenMBeanAttributeInfo) attribute).getOpenType())) {
                    String where = mbeans.name() + " attribute " + attribute.getName();
                    String units = units(where, attribute);
                    assertThat(SUFFIX_UNITS).as("%s: its name ends in a unit suffix", where)
                            .containsKey(suffixOf(attribute.getName()));
                    assertThat(units).as("%s: units agree with the name", where)
                            .isEqualTo(SUFFIX_UNITS.get(suffixOf(attribute.getName())));
                    numbers++;
                }
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                String where = mbeans.name() + " operation " + operation.getName();
                if (NUMERIC.contains(((OpenMBeanOperationInfo) operation).getReturnOpenType())) {
                    assertThat(SUFFIX_UNITS).as("%s result", where).containsValue(units(where, operation));
                }
                for (MBeanParameterInfo parameter : operation.getSignature()) {
                    if (NUMERIC.contains(((OpenMBeanParameterInfo) parameter).getOpenType())) {
                        assertThat(SUFFIX_UNITS).as("%s parameter %s", where, parameter.getName())
                                .containsValue(units(where + " parameter " + parameter.getName(), parameter));
                    }
                }
            }
        }
        assertThat(numbers).as("numeric attributes walked").isGreaterThan(50);
    }

    @Test
    void metricsSayWhetherTheyOnlyGrow() throws Exception {
        MBeanInfo info = ours.registered.get(0).server.getMBeanInfo(new ObjectName(Jmx.METRICS));
        Map<String, Object> metricTypes = new LinkedHashMap<>();
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            metricTypes.put(attribute.getName(), attribute.getDescriptor().getFieldValue("metricType"));
        }
        assertThat(metricTypes.values()).containsOnly("counter", "gauge");
        assertThat(metricTypes).containsEntry("WarmRestartCount", "counter").containsEntry("EventLatencyCount", "counter")
                .containsEntry("EventLatencyRecentCount", "gauge").containsEntry("EventLatencyMaxMicros", "gauge")
                .containsEntry("LastWarmRestartAtMillis", "gauge");
    }

    private static void assertDescribed(String where, String name, String description) {
        assertThat(description).as("%s: description", where).isNotNull().isNotIn(JDK_DEFAULTS).isNotEqualTo(name)
                .contains(" ").hasSizeGreaterThan(10);
    }

    private static String units(String where, MBeanFeatureInfo feature) {
        Descriptor descriptor = feature.getDescriptor();
        Object units = descriptor.getFieldValue("units");
        assertThat(units).as("%s: units descriptor field in %s", where, descriptor).isInstanceOf(String.class);
        return (String) units;
    }

    private static String suffixOf(String name) {
        return SUFFIX_UNITS.keySet().stream().filter(name::endsWith).findFirst().orElse(name);
    }

    private static Map<String, String> suffixUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("AtMillis", Units.EPOCH_MILLISECONDS);
        units.put("Count", Units.COUNT);
        units.put("Micros", Units.MICROSECONDS);
        units.put("Millis", Units.MILLISECONDS);
        units.put("Seconds", Units.SECONDS);
        return units;
    }

    private static Set<String> objectNamesInJmx() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Field field : Jmx.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ((String) field.get(null)).contains(":")) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }
}

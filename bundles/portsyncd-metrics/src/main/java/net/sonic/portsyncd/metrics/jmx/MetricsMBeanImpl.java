package net.sonic.portsyncd.metrics.jmx;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;

/**
 * {@code net.sonic.portsyncd:type=Metrics} as an Open MBean whose attributes are generated from the metric enums
 * (see {@link MetricAttribute}); an MXBean interface would have to repeat every counter by hand.
 */
public class MetricsMBeanImpl implements DynamicMBean {
    static final String RESET = "resetMetrics";

    private static final Map<String, MetricAttribute> ATTRIBUTES = MetricAttribute.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(MetricAttribute::name, Function.identity()));
    private static final MBeanInfo INFO = new OpenMBeanInfoSupport(MetricsMBeanImpl.class.getName(),
            "portsyncd counters, histogram summaries and timestamps",
            MetricAttribute.ALL.stream().map(MetricAttribute::info).toArray(OpenMBeanAttributeInfo[]::new),
            new OpenMBeanConstructorInfo[0],
            new OpenMBeanOperationInfo[] {new OpenMBeanOperationInfoSupport(RESET,
                    "Zeroes every counter, histogram and timestamp, and persists the zeroes",
                    new OpenMBeanParameterInfo[0], SimpleType.VOID, MBeanOperationInfo.ACTION)},
            new javax.management.MBeanNotificationInfo[0]);

    private final MetricsReader reader;
    private final MetricsAdmin admin;

    public MetricsMBeanImpl(MetricsReader reader, MetricsAdmin admin) {
        this.reader = reader;
        this.admin = admin;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        return attribute(name).value().apply(reader.snapshot());
    }

    /** All requested attributes come from one snapshot, so they are consistent with each other. */
    @Override
    public AttributeList getAttributes(String[] names) {
        MetricsSnapshot snapshot = reader.snapshot();
        AttributeList list = new AttributeList();
        for (String name : names) {
            MetricAttribute attribute = ATTRIBUTES.get(name);
            if (attribute != null) {
                list.add(new Attribute(name, attribute.value().apply(snapshot)));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        attribute(attribute.getName());
        throw new AttributeNotFoundException("attribute " + attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature) throws ReflectionException {
        if (RESET.equals(operation) && (params == null || params.length == 0)) {
            admin.reset();
            return null;
        }
        throw new ReflectionException(new NoSuchMethodException(operation),
                "no operation " + operation + " with " + (params == null ? 0 : params.length) + " parameters");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }

    private static MetricAttribute attribute(String name) throws AttributeNotFoundException {
        MetricAttribute attribute = name == null ? null : ATTRIBUTES.get(name);
        if (attribute == null) {
            throw new AttributeNotFoundException("no attribute " + name);
        }
        return attribute;
    }
}

package net.sonic.portsyncd.metrics.jmx;

import java.util.Arrays;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Turns the MBeanInfo of a Standard MBean into an {@link OpenMBeanInfoSupport}. Our MBean interfaces return
 * {@code TabularData}/{@code CompositeData} built by the codecs, which the MXBean mapping cannot pass through
 * (it treats them as Java beans), so they are Standard MBeans; this declares the open type of every attribute,
 * operation and parameter, so generic clients know the table shapes before reading a value.
 */
final class OpenMBeanInfos {
    private static final Map<String, OpenType<?>> SIMPLE = Map.of(
            "void", SimpleType.VOID,
            "boolean", SimpleType.BOOLEAN,
            "int", SimpleType.INTEGER,
            "long", SimpleType.LONG,
            "double", SimpleType.DOUBLE,
            "java.lang.String", SimpleType.STRING);

    private OpenMBeanInfos() {
    }

    /**
     * @param standard the introspected MBeanInfo
     * @param complex  open types of the attributes and operations (by name) that return codec data
     */
    static OpenMBeanInfoSupport of(MBeanInfo standard, Map<String, OpenType<?>> complex) {
        OpenMBeanAttributeInfoSupport[] attributes = Arrays.stream(standard.getAttributes())
                .map(attribute -> attribute(attribute, complex)).toArray(OpenMBeanAttributeInfoSupport[]::new);
        OpenMBeanOperationInfoSupport[] operations = Arrays.stream(standard.getOperations())
                .map(operation -> operation(operation, complex)).toArray(OpenMBeanOperationInfoSupport[]::new);
        return new OpenMBeanInfoSupport(standard.getClassName(), standard.getDescription(), attributes,
                new OpenMBeanConstructorInfo[0], operations, standard.getNotifications());
    }

    private static OpenMBeanAttributeInfoSupport attribute(MBeanAttributeInfo attribute, Map<String, OpenType<?>> complex) {
        OpenType<?> type = type(attribute.getName(), attribute.getType(), complex);
        return new OpenMBeanAttributeInfoSupport(attribute.getName(), described(attribute.getDescription(), attribute.getName()), type,
                attribute.isReadable(), attribute.isWritable(), attribute.isIs());
    }

    private static OpenMBeanOperationInfoSupport operation(MBeanOperationInfo operation, Map<String, OpenType<?>> complex) {
        OpenMBeanParameterInfoSupport[] parameters = Arrays.stream(operation.getSignature())
                .map(OpenMBeanInfos::parameter).toArray(OpenMBeanParameterInfoSupport[]::new);
        int impact = operation.getName().startsWith("list") ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION;
        return new OpenMBeanOperationInfoSupport(operation.getName(), described(operation.getDescription(), operation.getName()), parameters,
                type(operation.getName(), operation.getReturnType(), complex), impact);
    }

    private static OpenMBeanParameterInfoSupport parameter(MBeanParameterInfo parameter) {
        return new OpenMBeanParameterInfoSupport(parameter.getName(), described(parameter.getDescription(), parameter.getName()),
                type(parameter.getName(), parameter.getType(), Map.of()));
    }

    /** Open MBean infos require a description; introspection does not always supply one. */
    private static String described(String description, String name) {
        return description == null || description.isBlank() ? name : description;
    }

    private static OpenType<?> type(String name, String javaType, Map<String, OpenType<?>> complex) {
        OpenType<?> type = SIMPLE.containsKey(javaType) ? SIMPLE.get(javaType) : complex.get(name);
        if (type == null) {
            throw new IllegalStateException("no open type declared for " + name + " (" + javaType + ")");
        }
        return type;
    }
}

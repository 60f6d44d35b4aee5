package net.sonic.portsyncd.metrics.jmx;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
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
import net.sonic.portsyncd.api.metrics.Description;
import net.sonic.portsyncd.api.metrics.Parameter;

/**
 * Turns the MBeanInfo of a Standard MBean into an {@link OpenMBeanInfoSupport}. Our MBean interfaces return
 * {@code TabularData}/{@code CompositeData} built by the codecs, which the MXBean mapping cannot pass through
 * (it treats them as Java beans), so they are Standard MBeans; this declares the open type of every attribute,
 * operation and parameter, so generic clients know the table shapes before reading a value, and takes their
 * descriptions and parameter names from the interface's {@link Description} and {@link Parameter} annotations,
 * which the introspection does not read. Descriptor fields (the {@code units} of
 * {@link net.sonic.portsyncd.api.metrics.Units}) come from the introspection and are kept.
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
     * @param standard       the introspected MBeanInfo
     * @param mbeanInterface the annotated interface it was introspected from
     * @param complex        open types of the attributes and operations (by name) that return codec data
     */
    static OpenMBeanInfoSupport of(MBeanInfo standard, Class<?> mbeanInterface, Map<String, OpenType<?>> complex) {
        OpenMBeanAttributeInfoSupport[] attributes = Arrays.stream(standard.getAttributes())
                .map(attribute -> attribute(attribute, mbeanInterface, complex))
                .toArray(OpenMBeanAttributeInfoSupport[]::new);
        OpenMBeanOperationInfoSupport[] operations = Arrays.stream(standard.getOperations())
                .map(operation -> operation(operation, mbeanInterface, complex))
                .toArray(OpenMBeanOperationInfoSupport[]::new);
        String description = Optional.ofNullable(mbeanInterface.getAnnotation(Description.class))
                .map(Description::value).orElse(standard.getDescription());
        return new OpenMBeanInfoSupport(standard.getClassName(), description, attributes,
                new OpenMBeanConstructorInfo[0], operations, standard.getNotifications());
    }

    private static OpenMBeanAttributeInfoSupport attribute(MBeanAttributeInfo attribute, Class<?> mbeanInterface,
            Map<String, OpenType<?>> complex) {
        String prefix = attribute.isIs() ? "is" : "get";
        String description = method(mbeanInterface, prefix + attribute.getName())
                .map(getter -> getter.getAnnotation(Description.class)).map(Description::value)
                .orElse(attribute.getDescription());
        return new OpenMBeanAttributeInfoSupport(attribute.getName(), nonBlank(description, attribute.getName()),
                type(attribute.getName(), attribute.getType(), complex), attribute.isReadable(),
                attribute.isWritable(), attribute.isIs(), attribute.getDescriptor());
    }

    private static OpenMBeanOperationInfoSupport operation(MBeanOperationInfo operation, Class<?> mbeanInterface,
            Map<String, OpenType<?>> complex) {
        Optional<Method> method = method(mbeanInterface, operation.getName(), operation.getSignature());
        MBeanParameterInfo[] signature = operation.getSignature();
        OpenMBeanParameterInfoSupport[] parameters = new OpenMBeanParameterInfoSupport[signature.length];
        for (int i = 0; i < signature.length; i++) {
            int position = i;
            Optional<Parameter> declared = method.flatMap(m -> parameterAnnotation(m, position));
            MBeanParameterInfo parameter = signature[i];
            parameters[i] = new OpenMBeanParameterInfoSupport(
                    declared.map(Parameter::name).orElse(parameter.getName()),
                    nonBlank(declared.map(Parameter::description).orElse(parameter.getDescription()), parameter.getName()),
                    type(parameter.getName(), parameter.getType(), Map.of()), parameter.getDescriptor());
        }
        int impact = operation.getName().startsWith("list") ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION;
        String description = method.map(m -> m.getAnnotation(Description.class)).map(Description::value)
                .orElse(operation.getDescription());
        return new OpenMBeanOperationInfoSupport(operation.getName(), nonBlank(description, operation.getName()),
                parameters,
                type(operation.getName(), operation.getReturnType(), complex), impact, operation.getDescriptor());
    }

    private static Optional<Method> method(Class<?> type, String name, MBeanParameterInfo... signature) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(name) && method.getParameterCount() == signature.length)
                .filter(method -> sameTypes(method.getParameterTypes(), signature))
                .findFirst();
    }

    private static boolean sameTypes(Class<?>[] types, MBeanParameterInfo[] signature) {
        for (int i = 0; i < types.length; i++) {
            if (!types[i].getName().equals(signature[i].getType())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Parameter> parameterAnnotation(Method method, int position) {
        for (Annotation annotation : method.getParameterAnnotations()[position]) {
            if (annotation instanceof Parameter parameter) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /** Open MBean infos require a description; an element without {@link Description} falls back to its name. */
    private static String nonBlank(String description, String name) {
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

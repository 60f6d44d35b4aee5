package net.sonic.portsyncd.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanInfo;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;

/**
 * What a generic JMX client (jconsole, Jolokia, the Prometheus agent) needs: every attribute declared with an
 * open type, every value of that type, and every value readable by a JVM that has only the JDK's classes.
 */
final class OpenTypeChecks {
    private OpenTypeChecks() {
    }

    /**
     * Checks that the MBeanInfo is an OpenMBeanInfo (every attribute, operation and parameter typed), then reads
     * every attribute through the server and returns the values by name.
     */
    static Map<String, Object> readAllAttributes(MBeanServer server, ObjectName name) throws JMException {
        MBeanInfo info = server.getMBeanInfo(name);
        assertThat(info).as("MBeanInfo of %s", name).isInstanceOf(OpenMBeanInfo.class);
        assertThat(info.getAttributes()).as("attributes of %s", name).isNotEmpty().allMatch(OpenMBeanAttributeInfo.class::isInstance);
        for (MBeanOperationInfo operation : info.getOperations()) {
            assertThat(operation).as("operation %s.%s", name, operation.getName()).isInstanceOf(OpenMBeanOperationInfo.class);
            assertThat(operation.getSignature()).allMatch(OpenMBeanParameterInfo.class::isInstance);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            OpenType<?> type = ((OpenMBeanAttributeInfo) attribute).getOpenType();
            Object value = server.getAttribute(name, attribute.getName());
            assertThat(type.isValue(value)).as("%s.%s = %s is a %s", name, attribute.getName(), value, type).isTrue();
            assertThat(roundTripWithJdkClassesOnly(value)).as("%s.%s after serialization", name, attribute.getName())
                    .isEqualTo(value);
            values.put(attribute.getName(), value);
        }
        return values;
    }

    /** Serializes, then deserializes resolving classes through the platform class loader, which has no class of ours. */
    static Object roundTripWithJdkClassesOnly(Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new JdkOnlyInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("not readable with JDK classes only: " + value, e);
        }
    }

    private static final class JdkOnlyInputStream extends ObjectInputStream {
        JdkOnlyInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
            return Class.forName(desc.getName(), false, ClassLoader.getPlatformClassLoader());
        }
    }
}

package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.Test;

/**
 * The management doors of the distribution as shipped: JMX (RMI registry, RMI server, JMXMP), SSH and the HTTP
 * service that carries Jolokia listen on loopback only, and the README tells operators where to change that.
 * Reads the unpacked assembly the build produced beside the tar.gz (a plain test, no container).
 */
public class BindAddressDefaultsTest {
    private static final Path ASSEMBLY = Path.of(System.getProperty("portsyncd.assembly",
            "../karaf-assembly/target/portsyncd-karaf-1.0.0.tar.gz"));
    private static final Path ETC = ASSEMBLY.toAbsolutePath().getParent().resolve("assembly/etc");

    @Test
    public void jmxListensOnLoopbackOnly() throws IOException {
        Properties management = load("org.apache.karaf.management.cfg");
        for (String key : List.of("rmiRegistryHost", "rmiServerHost", "jmxmpHost")) {
            assertLoopback("org.apache.karaf.management.cfg", key, management.getProperty(key));
        }
    }

    @Test
    public void sshListensOnLoopbackOnly() throws IOException {
        assertLoopback("org.apache.karaf.shell.cfg", "sshHost", load("org.apache.karaf.shell.cfg").getProperty("sshHost"));
    }

    @Test
    public void httpForJolokiaListensOnLoopbackOnly() throws IOException {
        String addresses = load("org.ops4j.pax.web.cfg").getProperty("org.ops4j.pax.web.listening.addresses");
        for (String address : String.valueOf(addresses).split(",")) {
            assertLoopback("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", address.trim());
        }
    }

    @Test
    public void theReadmeDocumentsWhereTheBindAddressesAreSet() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        for (String file : List.of("org.apache.karaf.management.cfg", "org.apache.karaf.shell.cfg")) {
            assertTrue("README.md names " + file, readme.contains(file));
        }
        assertTrue("README.md says the defaults are loopback", readme.contains("loopback"));
    }

    private static Properties load(String name) throws IOException {
        Path file = ETC.resolve(name);
        assertTrue(file + " is missing: build karaf-assembly first", Files.isRegularFile(file));
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static void assertLoopback(String file, String key, String value) throws IOException {
        assertTrue(file + " sets " + key, value != null && !value.isBlank());
        assertTrue(file + ": " + key + " = " + value + " is not a loopback address",
                InetAddress.getByName(value.trim()).isLoopbackAddress());
    }
}

package net.sonic.portsyncd.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service that carries Jolokia (Pax Web, PID {@value #PID}, etc/org.ops4j.pax.web.cfg): HTTPS only on the
 * remote address while remote access is on, nothing at all while it is on but cannot be served, and plain HTTP on
 * loopback again once it is off. Written through Config Admin (Karaf saves it back to the .cfg file, so the next
 * start comes up the same way before this bundle does); the passwords are written as {@code $[secret:<name>]},
 * which Config Admin replaces only in what it hands to Pax Web, so the file and every view of the configuration
 * show the placeholder. Pax Web restarts its server on every update, so nothing is written when nothing changes.
 */
final class PaxWebTls {
    static final String PID = "org.ops4j.pax.web";
    /** Set while this class manages the HTTP service; its value changes when the key or CA files do. */
    static final String MARKER = "net.sonic.portsyncd.remote.tls";
    static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    private static final String SSL = "org.ops4j.pax.web.ssl.";
    private static final List<String> MANAGED_SSL_KEYS = List.of(SSL + "keystore", SSL + "keystore.type",
            SSL + "keystore.password", SSL + "key.password", SSL + "key.alias", SSL + "truststore",
            SSL + "truststore.type", SSL + "truststore.password", SSL + "clientauth.needed",
            SSL + "clientauth.wanted", SSL + "protocols.included");
    private static final String LOOPBACK = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(PaxWebTls.class);

    private final ConfigurationAdmin configurations;

    PaxWebTls(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    /** HTTPS only, on {@code address}, with the key and CAs of {@code material}. */
    void serveHttps(InetAddress address, int port, TlsSettings settings, TlsMaterial material) throws IOException {
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put(HTTP_ENABLED, "false");
        wanted.put(HTTPS_ENABLED, "true");
        wanted.put(HTTPS_PORT, Integer.toString(port));
        wanted.put(ADDRESSES, address.getHostAddress());
        String password = SecretFile.placeholder(settings.passwordSecret());
        wanted.put(SSL + "keystore", settings.keystore().toString());
        wanted.put(SSL + "keystore.type", settings.keystoreType());
        wanted.put(SSL + "keystore.password", password);
        wanted.put(SSL + "key.password", password);
        wanted.put(SSL + "key.alias", material.keyAlias());
        if (settings.truststore().isPresent()) {
            wanted.put(SSL + "truststore", settings.truststore().get().toString());
            wanted.put(SSL + "truststore.type", settings.truststoreType());
            wanted.put(SSL + "truststore.password", password);
        }
        wanted.put(SSL + "clientauth.needed", Boolean.toString(material.clientCertificates()));
        wanted.put(SSL + "clientauth.wanted", "false");
        wanted.put(SSL + "protocols.included", String.join(",", settings.protocols()));
        wanted.put(MARKER, material.storesFingerprint());
        if (apply(wanted)) {
            LOG.info("HTTP service (Jolokia): HTTPS only on {}:{}{}", address.getHostAddress(), port,
                    material.clientCertificates() ? ", client certificate required" : "");
        }
    }

    /** Neither HTTP nor HTTPS: remote access is on but cannot be served as configured. */
    void closeAll() throws IOException {
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put(HTTP_ENABLED, "false");
        wanted.put(HTTPS_ENABLED, "false");
        wanted.put(MARKER, "closed");
        if (apply(wanted)) {
            LOG.warn("HTTP service (Jolokia): closed until remote access can be served");
        }
    }

    /** Plain HTTP on loopback again, when this class had changed it; remote access is off. */
    void restoreLoopback() throws IOException {
        Configuration configuration = configurations.getConfiguration(PID, null);
        Dictionary<String, Object> current = configuration.getProperties();
        if (current == null || current.get(MARKER) == null) {
            return;
        }
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put(HTTP_ENABLED, "true");
        wanted.put(HTTPS_ENABLED, "false");
        wanted.put(ADDRESSES, LOOPBACK);
        wanted.put(HTTPS_PORT, null);
        wanted.put(MARKER, null);
        apply(wanted);
        LOG.info("HTTP service (Jolokia): plain HTTP on {} again, remote access is off", LOOPBACK);
    }

    /**
     * Sets {@code wanted} (a null value removes the key) and removes the SSL keys it does not name; false when the
     * configuration already was so.
     */
    private boolean apply(Map<String, Object> wanted) throws IOException {
        Configuration configuration = configurations.getConfiguration(PID, null);
        Dictionary<String, Object> current = configuration.getProperties();
        Dictionary<String, Object> next = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                if (!MANAGED_SSL_KEYS.contains(key) || wanted.containsKey(key)) {
                    next.put(key, current.get(key));
                }
            }
        }
        wanted.forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        if (current != null && same(current, next)) {
            return false;
        }
        configuration.update(next);
        return true;
    }

    private static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> next) {
        if (current.size() != next.size()) {
            return false;
        }
        for (String key : Collections.list(next.keys())) {
            if (!Objects.equals(String.valueOf(current.get(key)), String.valueOf(next.get(key)))) {
                return false;
            }
        }
        return true;
    }
}

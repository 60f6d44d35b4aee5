package net.sonic.portsyncd.remote;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.apache.karaf.management.KarafMBeanServerGuard;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch for remote NMS access over TLS ({@code etc/net.sonic.portsyncd.remote.cfg}, off by default). A change
 * applies at once, without restarting the component, so that listeners never reopen in plain text between two
 * configurations.
 */
@Component(configurationPid = RemoteAccessComponent.PID, immediate = true, service = {})
@Designate(ocd = RemoteAccessComponent.Config.class)
public final class RemoteAccessComponent {
    public static final String PID = "net.sonic.portsyncd.remote";
    /** Config Admin's secrets directory, where {@code $[secret:...]} is looked up: Karaf's etc/. */
    private static final String SECRETS_DIRECTORY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> STORE_TYPES = List.of("PKCS12", "JKS");
    private static final Logger LOG = LoggerFactory.getLogger(RemoteAccessComponent.class);

    @ObjectClassDefinition(name = "portsyncd remote access over TLS",
            description = "JMX (RMI registry and server) and Jolokia's HTTPS on one address, TLS only, with the "
                    + "container's JAAS users and JMX ACLs. Off by default. A change applies at once.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Serve remote access over TLS; Karaf's plain-text "
                + "loopback JMX connector and plain HTTP are closed while it is on.")
        boolean enabled() default false;

        @AttributeDefinition(name = "Address", description = "An IP address of this host (not the wildcard), or a "
                + "name resolving to one; also the host the JMX stubs name.")
        String address() default "127.0.0.1";

        @AttributeDefinition(name = "JMX registry port", min = "1", max = "65535")
        int jmx_registry_port() default 1098;

        @AttributeDefinition(name = "JMX connector port", min = "1", max = "65535")
        int jmx_server_port() default 44445;

        @AttributeDefinition(name = "HTTPS port", description = "Jolokia at https://<address>:<port>/jolokia.",
                min = "1", max = "65535")
        int https_port() default 8443;

        @AttributeDefinition(name = "Keystore", description = "The server's key and certificate chain (absolute path).")
        String keystore_path() default "/etc/sonic/portsyncd/tls/server.p12";

        @AttributeDefinition(name = "Keystore type", description = "PKCS12 or JKS.")
        String keystore_type() default "PKCS12";

        @AttributeDefinition(name = "Key alias", description = "The key entry to serve; empty when the keystore holds "
                + "one key.")
        String key_alias() default "";

        @AttributeDefinition(name = "Password file", description = "A file of etc/ holding the keystore (and "
                + "truststore) password, mode 0600.")
        String password_secret() default "portsyncd-tls.password";

        @AttributeDefinition(name = "Truststore", description = "CA certificates a client certificate must chain to "
                + "(absolute path); empty: no client certificate is asked for.")
        String truststore_path() default "";

        @AttributeDefinition(name = "Truststore type", description = "PKCS12 or JKS.")
        String truststore_type() default "PKCS12";

        @AttributeDefinition(name = "TLS versions", description = "TLSv1.3 and/or TLSv1.2, comma separated.")
        String protocols() default "TLSv1.3,TLSv1.2";

        @AttributeDefinition(name = "Check interval (s)", description = "How often the key, CA and password files "
                + "are looked at for a rotation, and a closed remote access is tried again.", min = "1",
                max = "86400")
        int check_interval_seconds() default 60;
    }

    /** What to serve (the address, the ports, the key, the CAs) is never replaced by a default: nothing is served. */
    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("enabled", Ranges.flag())
            .identityKey("address", Ranges.text("an IP address or host name", text -> !text.isBlank()))
            .identityKey("jmx.registry.port", Ranges.integers(1, 65535))
            .identityKey("jmx.server.port", Ranges.integers(1, 65535))
            .identityKey("https.port", Ranges.integers(1, 65535))
            .identityKey("keystore.path", Ranges.absolutePath())
            .key("keystore.type", Ranges.oneOf(STORE_TYPES))
            .identityKey("key.alias", Ranges.text("a key entry name, or nothing", text -> true))
            .identityKey("password.secret", Ranges.text("a file name of etc/ (letters, digits, '.', '_', '-')",
                    text -> SecretFile.NAME.matcher(text).matches()))
            .identityKey("truststore.path", Ranges.text("nothing, or an absolute path",
                    text -> text.isEmpty() || Path.of(text).isAbsolute()))
            .key("truststore.type", Ranges.oneOf(STORE_TYPES))
            .key("protocols", Ranges.text("TLSv1.3 and/or TLSv1.2, comma separated",
                    text -> !text.isBlank() && protocols(text).stream().allMatch(PROTOCOLS::contains)))
            .key("check.interval.seconds", Ranges.integers(1, 86_400))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final RemoteAccessAlarm alarm = new RemoteAccessAlarm();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "portsyncd-remote-access");
        thread.setDaemon(true);
        return thread;
    });
    private final Path secretsDirectory;
    private final RemoteAccess remote;

    @Activate
    public RemoteAccessComponent(BundleContext context, @Reference ConfigurationAdmin configurations,
            Map<String, Object> properties) {
        secretsDirectory = secretsDirectory(context);
        KarafMBeanServerGuard guard = new KarafMBeanServerGuard();
        guard.setConfigAdmin(configurations);
        // the platform MBean server is the one Karaf registers; taken directly, this does not stop with Karaf's
        // management bundle when that reconfigures
        remote = new RemoteAccess(context, configurations, ManagementFactory.getPlatformMBeanServer(), guard, alarm,
                executor);
        remote.apply(settings(properties));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        remote.apply(settings(properties));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService alarms) {
        configCheck.bindAlarms(alarms);
        alarm.bind(alarms);
    }

    void unbindAlarms(AlarmService alarms) {
        configCheck.unbindAlarms(alarms);
        alarm.unbind(alarms);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder metrics) {
        configCheck.bindMetrics(metrics);
    }

    void unbindMetrics(MetricsRecorder metrics) {
        configCheck.unbindMetrics(metrics);
    }

    @Deactivate
    void close() throws InterruptedException {
        remote.close();
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Remote access did not close within 10 s");
            executor.shutdownNow();
        }
    }

    private RemoteSettings settings(Map<String, Object> properties) {
        Config config = configCheck.validate(properties);
        Optional<String> unservable = configCheck.servable() ? Optional.empty()
                : Optional.of("etc/" + PID + ".cfg has values that must be corrected (see the WARN lines before)");
        TlsSettings tls = new TlsSettings(Path.of(config.keystore_path()), config.keystore_type(),
                Optional.of(config.key_alias().trim()).filter(alias -> !alias.isEmpty()),
                Optional.of(config.truststore_path().trim()).filter(path -> !path.isEmpty()).map(Path::of),
                config.truststore_type(), secretsDirectory, config.password_secret().trim(),
                protocols(config.protocols()));
        return new RemoteSettings(config.enabled(), config.address().trim(), config.jmx_registry_port(),
                config.jmx_server_port(), config.https_port(), tls, Duration.ofSeconds(config.check_interval_seconds()),
                unservable);
    }

    private static List<String> protocols(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(protocol -> !protocol.isEmpty()).toList();
    }

    private static Path secretsDirectory(BundleContext context) {
        String configured = context.getProperty(SECRETS_DIRECTORY);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("karaf.etc", "etc");
        }
        return Path.of(configured.split(",")[0].trim()).toAbsolutePath();
    }
}

package net.sonic.portsyncd.netlink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.link.CaptureStatistics;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import net.sonic.portsyncd.support.services.OptionalServices;
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
 * Runs a {@link NetlinkCapture} for the configured namespace, delivering to every whiteboard {@link LinkListener}.
 * A configuration change reopens the capture (listeners then see a fresh initial dump). A listener registered
 * after the initial dump only gets live events and calls {@link #requestDump()} when it needs the full state.
 *
 * <p>A configured namespace that does not exist does not stop the component: it activates and registers the
 * {@link LinkCapture} service anyway (so the engine runs and its status can say the truth), with
 * {@link #attached()} false, NETNS_UNAVAILABLE raised ("namespace '&lt;name&gt;' does not exist") and dump
 * requests failing at once; it attaches as soon as {@code /var/run/netns/<name>} appears, and listeners then get
 * the namespace's full view as a resync. The same watch follows a namespace deleted or replaced later: its links
 * are reported gone (an empty resync view) and the new one is attached when the name is back. The empty name,
 * the container's own namespace, is always attached.
 *
 * <p>The capture starts in an activate method rather than the constructor: DS binds the dynamic listener
 * references only after construction, and listeners present at activation must see the initial dump.
 */
@Component(configurationPid = LinkCaptureComponent.PID, service = LinkCapture.class, immediate = true)
@Designate(ocd = LinkCaptureComponent.Config.class)
public final class LinkCaptureComponent implements LinkCapture {
    public static final String PID = "net.sonic.portsyncd.netlink";
    private static final Logger LOG = LoggerFactory.getLogger(LinkCaptureComponent.class);

    @ObjectClassDefinition(name = "portsyncd netlink capture",
            description = "rtnetlink link capture; a change reopens the socket at once")
    public @interface Config {
        @AttributeDefinition(name = "Network namespace",
                description = "name under /var/run/netns to capture; empty for the container's own. A name that "
                        + "does not exist (yet) raises NETNS_UNAVAILABLE and is attached as soon as it appears; a "
                        + "namespace deleted or re-created under the name is followed (its links reported gone, "
                        + "the new one attached and re-dumped)")
        String netns() default "";

        @AttributeDefinition(name = "Receive buffer (bytes)", min = "1", max = "1073741824",
                description = "netlink socket receive buffer; SO_RCVBUFFORCE when permitted")
        int receive_buffer_bytes() default CaptureSettings.DEFAULT_RECEIVE_BUFFER_BYTES;
    }

    /** A value out of its range is rejected and the last good one kept (see {@link ConfigValidator}). */
    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .identityKey("netns", Ranges.text("empty or a name under " + NetworkNamespace.RUN_DIRECTORY
                    + " (letters, digits, '_', '.', '-', ':', '@', '+')", LinkCaptureComponent::isNamespaceName))
            .key("receive.buffer.bytes", Ranges.integers(1, CaptureSettings.MAX_RECEIVE_BUFFER_BYTES))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    private final OptionalServices services = new OptionalServices(configCheck);
    private volatile NetlinkCapture capture;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(LinkListener listener) {
        listeners.add(listener);
    }

    void removeListener(LinkListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    void bindMetrics(MetricsRecorder recorder) {
        services.bindMetrics(recorder);
    }

    void unbindMetrics(MetricsRecorder recorder) {
        services.unbindMetrics(recorder);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindAlarms")
    void bindAlarms(AlarmService service) {
        services.bindAlarms(service);
    }

    void unbindAlarms(AlarmService service) {
        services.unbindAlarms(service);
    }

    @Activate
    void activate(Map<String, Object> properties) {
        Config config = configCheck.validate(properties);
        // an unusable namespace name with none to keep: following the default (own) namespace would be worse
        capture = configCheck.servable()
                ? NetlinkCapture.start(settings(config), listeners, services.metrics(), services.alarms())
                : null;
    }

    /**
     * Reopens the capture when the settings changed (a missing namespace is no failure: the new capture waits for
     * it); a failed reopen leaves no capture until the next change.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        CaptureSettings wanted = settings(configCheck.validate(properties));
        if (!configCheck.servable()) {
            return;
        }
        NetlinkCapture running = capture;
        if (running != null && running.settings().equals(wanted)) {
            return;
        }
        LOG.info("netlink capture configuration changed to {}; reopening", wanted);
        capture = null;
        if (running != null) {
            running.close();
        }
        capture = NetlinkCapture.start(wanted, listeners, services.metrics(), services.alarms());
    }

    @Deactivate
    void deactivate() {
        NetlinkCapture running = capture;
        capture = null;
        if (running != null) {
            running.close();
        }
    }

    private static CaptureSettings settings(Config config) {
        return new CaptureSettings(config.netns(), config.receive_buffer_bytes());
    }

    private static boolean isNamespaceName(String name) {
        try {
            NetworkNamespace.validate(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String namespace() {
        NetlinkCapture running = capture;
        return running == null ? "" : running.namespace();
    }

    @Override
    public boolean attached() {
        NetlinkCapture running = capture;
        return running != null && running.attached();
    }

    @Override
    public CompletionStage<DumpCompletion> requestDump() {
        NetlinkCapture running = capture;
        if (running == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no netlink capture is running"));
        }
        return running.requestDump();
    }

    @Override
    public void setAdminDown(int ifindex) throws LinkControlException {
        NetlinkCapture running = capture;
        if (running == null) {
            throw new LinkControlException("no netlink capture is running", 0);
        }
        running.setAdminDown(ifindex);
    }

    @Override
    public CaptureStatistics statistics() {
        NetlinkCapture running = capture;
        return running == null ? new CaptureStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0) : running.statistics();
    }
}

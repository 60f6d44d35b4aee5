package net.sonic.portsyncd.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.link.LinkListener;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.sync.PortSyncService;
import net.sonic.portsyncd.api.sync.PortView;
import net.sonic.portsyncd.api.sync.ResyncResult;
import net.sonic.portsyncd.api.sync.SyncStatus;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import net.sonic.portsyncd.support.services.OptionalServices;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Wires the sync engine: the databases, the netlink capture and the warm-restart lifecycle are required (the
 * engine restarts when one of them is replaced); metrics, alarms and the state store are optional and dynamic, so
 * updating those bundles never restarts the engine. Registers the engine as the capture's listener
 * (whiteboard) and as the operators' {@link PortSyncService}.
 *
 * <p>The listener is registered by hand, not as a component service: the capture component references the
 * listeners and this component references the capture, and a DS-managed service on both sides of that loop makes
 * the framework refuse the listener binding ("ServiceFactory.getService() resulted in a cycle").
 */
@Component(service = PortSyncService.class, immediate = true,
        configurationPid = LinkSyncComponent.PID)
@Designate(ocd = LinkSyncComponent.Config.class)
public final class LinkSyncComponent implements LinkListener, PortSyncService {
    static final String PID = "net.sonic.portsyncd.core";

    @ObjectClassDefinition(name = "portsyncd sync engine",
            description = "CONFIG_DB to APPL_DB at start-up, netlink link messages to STATE_DB")
    public @interface Config {
        @AttributeDefinition(min = "1", max = "1048576",
                description = "Link messages queued for the sync thread before only the latest per port is kept")
        int queue_capacity() default 16_384;

        @AttributeDefinition(min = "1", max = "65536",
                description = "Most link messages whose Redis work shares one pipeline")
        int max_batch_events() default 2_048;

        @AttributeDefinition(min = "1", max = "60000",
                description = "First pause before Redis is tried again after it was lost, in ms")
        long retry_initial_ms() default 20;

        @AttributeDefinition(min = "1", max = "600000",
                description = "Longest pause between two attempts to reach Redis, in ms; at least retry.initial.ms")
        long retry_max_ms() default 500;

        @AttributeDefinition(min = "0", max = "600000",
                description = "How long a cold start waits for the initial netlink dump, in ms")
        long dump_wait_ms() default 10_000;

        @AttributeDefinition(min = "1", max = "16777216",
                description = "CONFIG_DB PORT rows larger than this many characters are not copied")
        int max_config_row_chars() default 1 << 20;
    }

    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("queue.capacity", Ranges.integers(1, 1 << 20))
            .key("max.batch.events", Ranges.integers(1, 1 << 16))
            .key("retry.initial.ms", Ranges.integers(1, 60_000))
            .key("retry.max.ms", Ranges.integersFrom("retry.initial.ms", 600_000))
            .key("dump.wait.ms", Ranges.integers(0, 600_000))
            .key("max.config.row.chars", Ranges.integers(1, 1 << 24))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final OptionalServices services = new OptionalServices(configCheck);
    private final LinkSync sync;
    private ServiceRegistration<LinkListener> listenerRegistration;
    private volatile Bundle systemBundle;

    /** A value of {@code properties} out of its range is rejected and its last good value used (see {@link #SPEC}). */
    @Activate
    public LinkSyncComponent(@Reference SonicDb db, @Reference LinkCapture capture,
            @Reference WarmRestartLifecycle lifecycle, Map<String, Object> properties) {
        this.sync = new LinkSync(db, capture, lifecycle, settingsOf(configCheck.validate(properties)),
                Clock.systemUTC());
        // the engine keeps these for its whole life: they follow the bindings below
        sync.useMetrics(services.metrics());
        sync.useAlarms(services.alarms());
    }

    /**
     * Runs after the optional services are bound, so the start-up is counted and saved from its first step. The
     * listener goes up first so that no message of the engine's own dump is missed.
     */
    @Activate
    void activate(BundleContext context) {
        systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        listenerRegistration = context.registerService(LinkListener.class, this, null);
        sync.start();
    }

    @Deactivate
    void deactivate() {
        listenerRegistration.unregister();
        sync.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder metrics) {
        services.bindMetrics(metrics);
    }

    void unbindMetrics(MetricsRecorder metrics) {
        services.unbindMetrics(metrics);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService alarms) {
        services.bindAlarms(alarms);
    }

    void unbindAlarms(AlarmService alarms) {
        services.unbindAlarms(alarms);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStateStore(PortStateStore store) {
        sync.useStateStore(store);
    }

    /**
     * A framework shutdown stops bundles in an order of its own (a SIGTERM during the boot-feature install stopped
     * the persistence bundle before this one): the store leaving while the framework stops is the engine's last
     * chance to save a clean shutdown.
     */
    void unbindStateStore(PortStateStore store) {
        Bundle framework = systemBundle;
        sync.releaseStateStore(store, framework != null && framework.getState() == Bundle.STOPPING);
    }

    /** The engine's settings from a configuration within {@link #SPEC}, which the settings' own checks accept. */
    static SyncSettings settingsOf(Config config) {
        return new SyncSettings(config.queue_capacity(), config.max_batch_events(),
                Duration.ofMillis(config.retry_initial_ms()), Duration.ofMillis(config.retry_max_ms()),
                Duration.ofMillis(config.dump_wait_ms()), config.max_config_row_chars());
    }

    @Override
    public void onLinkBatch(List<LinkEvent> batch) {
        sync.onLinkBatch(batch);
    }

    @Override
    public void onResyncComplete(List<LinkEvent> kernelView) {
        sync.onResyncComplete(kernelView);
    }

    @Override
    public SyncStatus status() {
        return sync.status();
    }

    @Override
    public List<PortView> ports() {
        return sync.ports();
    }

    @Override
    public CompletionStage<ResyncResult> resync() {
        return sync.resync();
    }

    @Override
    public boolean saveStateNow() {
        return sync.saveStateNow();
    }
}

package net.sonic.portsyncd.warmrestart;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.PortStateStore;
import net.sonic.portsyncd.api.warm.LifecycleState;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.StateTransition;
import net.sonic.portsyncd.api.warm.SyncCompletion;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
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

/**
 * Publishes a {@link WarmRestartManager} as the {@link WarmRestartLifecycle} service. Without a state store the
 * start decision rests on SONiC's warm-start check and APPL_DB alone, and a resume starts with no saved state.
 */
@Component(configurationPid = WarmRestartComponent.PID, service = WarmRestartLifecycle.class)
@Designate(ocd = WarmRestartComponent.Config.class)
public final class WarmRestartComponent implements WarmRestartLifecycle {
    public static final String PID = "net.sonic.portsyncd.warmrestart";

    @ObjectClassDefinition(name = "portsyncd warm restart",
            description = "Start mode decision and initial-sync window of portsyncd. Changes apply at once,"
                    + " also to an initial sync in progress.")
    public @interface Config {
        @AttributeDefinition(name = "EOIU fallback timeout (s)", min = "0", max = "3600",
                description = "How long the initial sync waits for the end of the netlink dump before it completes"
                        + " anyway; 0 completes at once. Overrides the environment variable "
                        + SettingsResolver.EOIU_TIMEOUT_ENV + ".")
        long eoiu_timeout_secs() default 10;

        @AttributeDefinition(name = "Hot-swap maximum age (s)", min = "0", max = "86400",
                description = "A state file written by a clean shutdown in this kernel boot and younger than this"
                        + " seeds a resume; 0 never uses it. Whether a start resumes is decided by APPL_DB alone.")
        long hot_swap_max_age_secs() default 300;
    }

    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key(SettingsResolver.EOIU_TIMEOUT_KEY, SettingsResolver.EOIU_TIMEOUT_RANGE)
            .key(SettingsResolver.HOT_SWAP_MAX_AGE_KEY, SettingsResolver.HOT_SWAP_MAX_AGE_RANGE)
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final OptionalServices services = new OptionalServices(configCheck);
    private final WarmRestartManager manager;

    /*
     * The raw properties are checked rather than a Config instance taken: the environment variable applies only when
     * the key is absent, which a Config instance (always filled with defaults) cannot tell, and a malformed value
     * must be rejected with a clear message instead of being coerced.
     */
    @Activate
    public WarmRestartComponent(@Reference(name = "sonicDb") SonicDb db, Map<String, Object> properties) {
        manager = new WarmRestartManager(db, SettingsResolver.resolve(configCheck, properties, System::getenv),
                Clock.systemUTC(), System::nanoTime);
        // the manager keeps these for its whole life: they follow the bindings below
        manager.useMetrics(services.metrics());
        manager.useAlarms(services.alarms());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        manager.applySettings(SettingsResolver.resolve(configCheck, properties, System::getenv));
    }

    @Deactivate
    void deactivate() {
        manager.close();
    }

    /** The settings in force. */
    WarmRestartSettings settings() {
        return manager.settings();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStateStore(PortStateStore stateStore) {
        manager.useStateStore(stateStore);
    }

    void unbindStateStore(PortStateStore stateStore) {
        manager.releaseStateStore(stateStore);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder recorder) {
        services.bindMetrics(recorder);
    }

    void unbindMetrics(MetricsRecorder recorder) {
        services.unbindMetrics(recorder);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService service) {
        services.bindAlarms(service);
    }

    void unbindAlarms(AlarmService service) {
        services.unbindAlarms(service);
    }

    @Override
    public StartDecision decideStart() {
        return manager.decideStart();
    }

    @Override
    public void beginInitialSync(Consumer<SyncCompletion> onComplete) {
        manager.beginInitialSync(onComplete);
    }

    @Override
    public void endOfInitialSync() {
        manager.endOfInitialSync();
    }

    @Override
    public boolean forceCompleteInitialSync() {
        return manager.forceCompleteInitialSync();
    }

    @Override
    public void reconciled(int written, int deleted) {
        manager.reconciled(written, deleted);
    }

    @Override
    public LifecycleState state() {
        return manager.state();
    }

    @Override
    public Optional<StartDecision> lastDecision() {
        return manager.lastDecision();
    }

    @Override
    public List<StateTransition> transitions() {
        return manager.transitions();
    }

    @Override
    public Duration eoiuTimeout() {
        return manager.eoiuTimeout();
    }

    @Override
    public void setEoiuTimeout(Duration timeout) {
        manager.setEoiuTimeout(timeout);
    }

    @Override
    public long initialSyncElapsedMillis() {
        return manager.initialSyncElapsedMillis();
    }
}

package net.sonic.portsyncd.persistence;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.api.state.LoadOutcome;
import net.sonic.portsyncd.api.state.PortStateSnapshot;
import net.sonic.portsyncd.api.state.PortStateStore;
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
 * Publishes the {@link PortStateStore} service over a {@link StateFileStore}. Configuration changes apply
 * without re-registering the service: settings are updated in place, and a new state directory gets a new
 * store that inherits the pending save. A value out of its range is rejected and the last good one kept (see
 * {@link ConfigValidator}). Stale backups are removed at activation and once a day.
 */
@Component(service = PortStateStore.class, immediate = true, configurationPid = StateStoreComponent.PID)
@Designate(ocd = StateStoreComponent.Config.class)
public final class StateStoreComponent implements PortStateStore {
    public static final String PID = "net.sonic.portsyncd.persistence";
    public static final String DEFAULT_STATE_DIR = "/var/lib/sonic/portsyncd";
    static final String CLEANUP_THREAD_NAME = "portsyncd-state-cleanup";

    @ObjectClassDefinition(name = "portsyncd state store",
            description = "Where and how portsyncd keeps its crash-safe port state file and its backups.")
    public @interface Config {
        @AttributeDefinition(name = "State directory", description = "Holds port_state.json and backups/ (absolute).")
        String state_dir() default DEFAULT_STATE_DIR;

        @AttributeDefinition(name = "Backups kept", min = "1", max = "" + StoreSettings.MAX_BACKUP_RETENTION)
        int backup_retention() default StoreSettings.DEFAULT_BACKUP_RETENTION;

        @AttributeDefinition(name = "Backup maximum age (days)", min = "1",
                max = "" + StoreSettings.MAX_BACKUP_MAX_AGE_DAYS)
        int backup_max_age_days() default StoreSettings.DEFAULT_BACKUP_MAX_AGE_DAYS;

        @AttributeDefinition(name = "Coalesced save interval (ms)", min = "0",
                max = "" + StoreSettings.MAX_SAVE_INTERVAL_MILLIS,
                description = "Periodic saves happen at most once per interval.")
        long save_interval_ms() default StoreSettings.DEFAULT_SAVE_INTERVAL_MILLIS;

        @AttributeDefinition(name = "Backup rotation interval (ms)", min = "0",
                max = "" + StoreSettings.MAX_ROTATION_INTERVAL_MILLIS,
                description = "A save keeps the previous file as a backup at most once per interval.")
        long rotation_interval_ms() default StoreSettings.DEFAULT_ROTATION_INTERVAL_MILLIS;
    }

    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("state.dir", Ranges.absolutePath())
            .key("backup.retention", Ranges.integers(1, StoreSettings.MAX_BACKUP_RETENTION))
            .key("backup.max.age.days", Ranges.integers(1, StoreSettings.MAX_BACKUP_MAX_AGE_DAYS))
            .key("save.interval.ms", Ranges.integers(0, StoreSettings.MAX_SAVE_INTERVAL_MILLIS))
            .key("rotation.interval.ms", Ranges.integers(0, StoreSettings.MAX_ROTATION_INTERVAL_MILLIS))
            .build();

    private static final Logger LOG = LoggerFactory.getLogger(StateStoreComponent.class);

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final OptionalServices services = new OptionalServices(configCheck);
    private final ScheduledThreadPoolExecutor cleanupTimer;
    private volatile StateFileStore store;

    @Activate
    public StateStoreComponent(Map<String, Object> properties) {
        StoreConfiguration configuration = StoreConfiguration.of(configCheck.validate(properties));
        store = new StateFileStore(configuration.directory(), configuration.settings(), services.metrics(),
                services.alarms(), Clock.systemUTC());
        cleanupTimer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, CLEANUP_THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("State store started in {} with {}", configuration.directory(), configuration.settings());
    }

    /** Runs after the optional metrics service is bound, so the first cleanup is counted. */
    @Activate
    void start() {
        cleanupStaleFiles();
        cleanupTimer.scheduleAtFixedRate(this::cleanupStaleFiles, 1, 1, TimeUnit.DAYS);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        StoreConfiguration next = StoreConfiguration.of(configCheck.validate(properties));
        StateFileStore current = store;
        if (next.directory().equals(current.stateDirectory())) {
            current.updateSettings(next.settings());
        } else {
            StateFileStore replacement = new StateFileStore(next.directory(), next.settings(), services.metrics(),
                    services.alarms(), Clock.systemUTC());
            store = replacement;
            current.transferPendingSaveTo(replacement);
            current.close();
        }
        LOG.info("State store reconfigured: {} with {}", next.directory(), next.settings());
        store.cleanupBackups(next.settings().backupRetention());
        store.cleanupStaleFiles();
    }

    @Deactivate
    void close() {
        cleanupTimer.shutdown();
        try {
            cleanupTimer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("State store stopped");
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

    /** The store behind the service right now. */
    StateFileStore currentStore() {
        return store;
    }

    @Override
    public LoadOutcome load() {
        return store.load();
    }

    @Override
    public void save(PortStateSnapshot snapshot) throws IOException {
        store.save(snapshot);
    }

    @Override
    public void saveCoalesced(Supplier<PortStateSnapshot> snapshot) {
        store.saveCoalesced(snapshot);
    }

    @Override
    public Optional<BackupFile> rotate() throws IOException {
        return store.rotate();
    }

    @Override
    public List<BackupFile> listBackups() {
        return store.listBackups();
    }

    @Override
    public int cleanupBackups(int keep) {
        return store.cleanupBackups(keep);
    }

    @Override
    public int cleanupStaleFiles() {
        return store.cleanupStaleFiles();
    }

    @Override
    public String currentBootId() {
        return store.currentBootId();
    }

    @Override
    public List<String> refusedPaths() {
        return store.refusedPaths();
    }
}

package net.sonic.portsyncd.metrics.wiring;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.osgi.framework.BundleContext;
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
 * The bundle wiring guard, in the bundle of the alarm service: whatever revision of the API bundle each side is
 * wired to, the guard and the alarms of {@code net.sonic.portsyncd:type=Alarms} are always wired alike, and this
 * bundle depends on nothing but the API, so it stays up while the engine's components cannot be satisfied.
 */
@Component(immediate = true, service = {}, configurationPid = WiringGuardComponent.PID)
@Designate(ocd = WiringGuardComponent.Config.class)
public final class WiringGuardComponent {
    public static final String PID = "net.sonic.portsyncd.wiring";
    static final String MEMO_FILE = "wiring-refresh.properties";

    @ObjectClassDefinition(name = "portsyncd bundle wiring guard",
            description = "Detects portsyncd bundles wired to different revisions of each other after an update "
                    + "without a refresh, raises the bundle-wiring alarm and refreshes them")
    public @interface Config {
        @AttributeDefinition(name = "Refresh",
                description = "Refresh the portsyncd bundles concerned; false only raises the alarm. Applies live.")
        boolean refresh_enabled() default true;

        @AttributeDefinition(name = "Debounce (ms)", min = "" + GuardSettings.MIN_DEBOUNCE_MILLIS,
                max = "" + GuardSettings.MAX_DEBOUNCE_MILLIS,
                description = "Quiet time after the last portsyncd bundle event before the wiring is inspected, so a "
                        + "series of updates is refreshed once. Applies live.")
        long debounce_ms() default GuardSettings.DEFAULT_DEBOUNCE_MILLIS;
    }

    /** A value out of its range is rejected and the last good one kept (see {@link ConfigValidator}). */
    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("refresh.enabled", Ranges.flag())
            .key("debounce.ms", Ranges.integers(GuardSettings.MIN_DEBOUNCE_MILLIS, GuardSettings.MAX_DEBOUNCE_MILLIS))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final WiringGuard guard;

    @Activate
    public WiringGuardComponent(BundleContext context, @Reference AlarmService alarms,
            Map<String, Object> properties) {
        Config config = configCheck.validate(properties);
        configCheck.bindAlarms(alarms);
        File memo = context.getDataFile(MEMO_FILE);
        if (memo == null) {
            throw new IllegalStateException("the framework gives this bundle no data area for " + MEMO_FILE);
        }
        guard = new WiringGuard(context, alarms, new RefreshMemo(memo.toPath()), settings(config), Clock.systemUTC());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        guard.reconfigure(settings(configCheck.validate(properties)));
    }

    @Deactivate
    void deactivate() {
        guard.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder metrics) {
        configCheck.bindMetrics(metrics);
    }

    void unbindMetrics(MetricsRecorder metrics) {
        configCheck.unbindMetrics(metrics);
    }

    private static GuardSettings settings(Config config) {
        return new GuardSettings(config.refresh_enabled(), Duration.ofMillis(config.debounce_ms()));
    }
}

package net.sonic.portsyncd.support.config;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one component's configuration against its {@link ConfigSpec}, so that no value can stop the component:
 * each rejected value is one WARN line (PID, key, value, accepted range, value kept), one
 * {@link Counter#CONFIG_REJECTED}, and the PID on {@link net.sonic.portsyncd.api.metrics.AlarmType#CONFIG_REJECTED}
 * until a configuration of that PID is entirely valid.
 *
 * <p>The component hands its optional alarm and metrics services over as they bind. A check usually runs before
 * they are bound (in the constructor), so the rejections are counted and the alarm is brought up to date when they
 * arrive; a newly bound alarm service also learns of a rejection that an earlier one was told about.
 */
public final class ConfigValidator<C extends Annotation> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidator.class);

    private final ConfigSpec<C> spec;
    private final LastGoodValues lastGood;
    private AlarmService alarms;
    private MetricsRecorder metrics;
    private long uncounted;
    private List<String> rejectedKeys = List.of();
    private List<String> unresolved = List.of();

    public ConfigValidator(ConfigSpec<C> spec) {
        this(spec, LastGoodValues.ofThisBundle());
    }

    ConfigValidator(ConfigSpec<C> spec, LastGoodValues lastGood) {
        this.spec = spec;
        this.lastGood = lastGood;
    }

    /** The configuration to run with: every valid value of {@code properties}, and a kept one for each other. */
    public C validate(Map<String, ?> properties) {
        return validate(properties, Map.of());
    }

    /** As {@link #validate(Map)}, with defaults that replace the annotation's for the keys they name. */
    public synchronized C validate(Map<String, ?> properties, Map<String, ?> defaults) {
        ConfigSpec.Validation<C> validation = spec.validate(properties, defaults, lastGood);
        for (Rejection rejection : validation.rejections()) {
            LOG.warn("Configuration {}: {} = {} rejected ({} is required); {}", rejection.pid(), rejection.key(),
                    rejection.value(), rejection.required(), rejection.outcome());
        }
        uncounted += validation.rejections().size();
        rejectedKeys = validation.rejections().stream().map(Rejection::key).toList();
        unresolved = validation.unresolved();
        if (!unresolved.isEmpty()) {
            LOG.error("Configuration {}: {} must be corrected; until then nothing is served", spec.pid(), unresolved);
        }
        countRejections();
        updateAlarm();
        return validation.config();
    }

    /**
     * False after a check left an identity key (what to serve) without an acceptable value: the component must then
     * serve nothing rather than the default's namespace or instance.
     */
    public synchronized boolean servable() {
        return unresolved.isEmpty();
    }

    public synchronized void bindAlarms(AlarmService service) {
        alarms = service;
        updateAlarm();
    }

    public synchronized void unbindAlarms(AlarmService service) {
        if (alarms == service) {
            alarms = null;
        }
    }

    public synchronized void bindMetrics(MetricsRecorder recorder) {
        metrics = recorder;
        countRejections();
    }

    public synchronized void unbindMetrics(MetricsRecorder recorder) {
        if (metrics == recorder) {
            metrics = null;
        }
    }

    private void countRejections() {
        if (metrics == null || uncounted == 0) {
            return;
        }
        try {
            metrics.add(Counter.CONFIG_REJECTED, uncounted);
            uncounted = 0;
        } catch (RuntimeException e) {
            LOG.warn("Cannot count rejected values of configuration {}", spec.pid(), e);
        }
    }

    private void updateAlarm() {
        if (alarms == null) {
            return;
        }
        try {
            ConfigRejectedAlarm.update(alarms, spec.pid(), rejectedKeys);
        } catch (RuntimeException e) {
            // the alarm is a side channel; the configuration stands whatever happens to it
            LOG.warn("Cannot update the configuration alarm for {}", spec.pid(), e);
        }
    }
}

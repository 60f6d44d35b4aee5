package net.sonic.portsyncd.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.link.DumpCompletion;
import net.sonic.portsyncd.api.link.LinkCapture;
import net.sonic.portsyncd.api.link.LinkControlException;
import net.sonic.portsyncd.api.link.LinkEvent;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.warm.RestartMode;
import net.sonic.portsyncd.api.warm.StartDecision;
import net.sonic.portsyncd.api.warm.WarmRestartLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's start-up, in its order (Appendix A): LOGGER row, switch type, warm-start check, netlink dump,
 * CONFIG_DB PORT read, then on a cold start the APPL_DB copy with PortConfigDone, the pruning of ports orchagent
 * already knows and the admin-down of pre-existing Ethernet netdevs. Each step runs once: when Redis fails
 * half-way, {@link #advance()} is called again later and goes on where it stopped.
 */
final class Startup {
    static final String PORT_CONFIG_DONE = "PortConfigDone";
    static final String PORT_INIT_DONE = "PortInitDone";
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    private static final String LOGGER_KEY = "portsyncd";

    private final RedisSession redis;
    private final WarmRestartLifecycle lifecycle;
    private final LinkCapture capture;
    private final PortConfigReader reader;
    private final PortRegistry registry;
    private final MetricsRecorder metrics;
    private final SyncSettings settings;
    private final Function<DumpWatch, CompletableFuture<DumpCompletion>> dumps;
    private final Runnable beginInitialSync;

    private boolean loggerRowChecked;
    private String switchType;
    private volatile StartDecision decision;
    private CompletableFuture<DumpCompletion> initialDump;
    private List<KeyFields> configuredPorts;
    private int configuredNames;
    private volatile boolean portConfigDone;
    private boolean pruned;
    private Set<Integer> oldIfindexes;
    private List<LinkEvent> linksBeforeConfig;
    private Boolean portInitDoneFound;

    Startup(RedisSession redis, WarmRestartLifecycle lifecycle, LinkCapture capture, PortConfigReader reader,
            PortRegistry registry, MetricsRecorder metrics, SyncSettings settings,
            Function<DumpWatch, CompletableFuture<DumpCompletion>> dumps, Runnable beginInitialSync) {
        this.redis = redis;
        this.lifecycle = lifecycle;
        this.capture = capture;
        this.reader = reader;
        this.registry = registry;
        this.metrics = metrics;
        this.settings = settings;
        this.dumps = dumps;
        this.beginInitialSync = beginInitialSync;
    }

    /** Runs the steps not done yet; returns normally once all are done. */
    void advance() throws InterruptedException {
        if (!loggerRowChecked) {
            ensureLoggerRow(redis.config());
            loggerRowChecked = true;
        }
        if (switchType == null) {
            DbConnection config = redis.config();
            switchType = config.hget(config.info().key("DEVICE_METADATA", "localhost"), "switch_type").orElse("switch");
        }
        if (decision == null) {
            decision = lifecycle.decideStart();
            LOG.info("Starting {}{}: {}", decision.mode(), decision.hotSwap() ? " (hot swap)" : "", decision.reason());
        }
        if (initialDump == null) {
            beginInitialSync.run();
            initialDump = dumps.apply(DumpWatch.initial());
        }
        if (configuredPorts == null) {
            DbConnection config = redis.config();
            List<String> names = reader.portNames(config);
            configuredNames = names.size();
            configuredPorts = reader.readRows(config, names);
            registry.awaitNetdevs(configuredPorts.stream().map(KeyFields::key).toList());
            if (configuredPorts.isEmpty()) {
                LOG.info("ConfigDB does not have port information; PortConfigDone will carry count 0");
            }
        }
        if (warm()) {
            if (portInitDoneFound == null) {
                // a resume continues the signals of the run it takes over from; a SONiC warm start sends its own
                DbConnection appl = redis.appl();
                portInitDoneFound = decision.hotSwap()
                        && appl.exists(appl.info().key(RedisSession.APPL_PORT_TABLE, PORT_INIT_DONE));
            }
            return;
        }
        if (linksBeforeConfig == null) {
            // The dump must be complete before PortConfigDone goes out: host interfaces that syncd creates in answer
            // to it would otherwise show up in the dump's later parts and be taken for stale ones forever.
            linksBeforeConfig = initialDumpLinks();
        }
        if (!portConfigDone) {
            writePortConfig();
            portConfigDone = true;
        }
        if (!pruned) {
            pruneKnownPorts(redis.appl());
            pruned = true;
        }
        if (oldIfindexes == null) {
            oldIfindexes = "dpu".equals(switchType) ? Set.of() : takeDownOldNetdevs();
        }
    }

    boolean warm() {
        return decision.mode() == RestartMode.WARM;
    }

    /** Null until the warm-start check has run; readable from any thread. */
    StartDecision decision() {
        return decision;
    }

    boolean portConfigDone() {
        return portConfigDone;
    }

    /** CONFIG_DB PORT keys listed at start-up, and how many of them are ports that can be copied. */
    int configuredNames() {
        return configuredNames;
    }

    int configuredPortCount() {
        return configuredPorts.size();
    }

    /** A resumed start found PortInitDone in APPL_DB: it is not written again. */
    boolean portInitDoneFound() {
        return portInitDoneFound != null && portInitDoneFound;
    }

    Set<Integer> oldIfindexes() {
        return oldIfindexes == null ? Set.of() : oldIfindexes;
    }

    /**
     * swss-common Logger::linkToDbNative: when LOGLEVEL or LOGOUTPUT is missing, both defaults are written with
     * one HSET.
     */
    private static void ensureLoggerRow(DbConnection config) {
        String key = config.info().key("LOGGER", LOGGER_KEY);
        boolean complete = config.hget(key, "LOGLEVEL").isPresent() & config.hget(key, "LOGOUTPUT").isPresent();
        if (!complete) {
            Map<String, String> defaults = new LinkedHashMap<>();
            defaults.put("LOGLEVEL", "NOTICE");
            defaults.put("LOGOUTPUT", "SYSLOG");
            config.hset(key, defaults);
        }
    }

    private void writePortConfig() {
        long started = System.nanoTime();
        var producer = redis.producer();
        if (!configuredPorts.isEmpty()) {
            producer.setAll(configuredPorts);
        }
        producer.set(PORT_CONFIG_DONE, Map.of("count", Integer.toString(configuredPorts.size())));
        metrics.add(Counter.APPL_DB_WRITES, configuredPorts.size() + 1L);
        LOG.info("Copied {} ports from CONFIG_DB to APPL_DB and wrote PortConfigDone in {} ms", configuredPorts.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * A port whose APPL_DB row already has admin_status has been created by orchagent before (portsyncd was
     * restarted alone): its netdev exists, so the port is not awaited for PortInitDone.
     */
    private void pruneKnownPorts(DbConnection appl) {
        Batch reads = appl.batch();
        Map<String, Supplier<Map<String, String>>> rows = new HashMap<>();
        for (KeyFields port : configuredPorts) {
            rows.put(port.key(), reads.hgetall(appl.info().key(RedisSession.APPL_PORT_TABLE, port.key())));
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            reads.execute();
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("APPL_DB PORT_TABLE rows cannot be read ({}); every configured port is awaited", e.toString());
            return;
        }
        int pruned = 0;
        for (Map.Entry<String, Supplier<Map<String, String>>> row : rows.entrySet()) {
            if (hasAdminStatus(row.getValue()) && registry.arrived(row.getKey())) {
                pruned++;
            }
        }
        if (pruned > 0) {
            LOG.info("{} of {} configured ports are already in APPL_DB with admin_status and are not awaited", pruned,
                    configuredPorts.size());
        }
    }

    private static boolean hasAdminStatus(Supplier<Map<String, String>> row) {
        try {
            return row.get().containsKey("admin_status");
        } catch (DbUnavailableException e) {
            throw e;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * The netdevs of a previous run are stale: SAI recreates host interfaces, and messages of the old ifindexes
     * must never reach STATE_DB. They are the Ethernet links of the initial dump.
     */
    private Set<Integer> takeDownOldNetdevs() {
        Set<Integer> old = new HashSet<>();
        List<String> failed = new ArrayList<>();
        for (LinkEvent link : linksBeforeConfig) {
            if (link.name().startsWith("Ethernet") && old.add(link.ifindex())) {
                try {
                    capture.setAdminDown(link.ifindex());
                } catch (LinkControlException e) {
                    failed.add(link.name() + ": " + e.getMessage());
                }
            }
        }
        if (!old.isEmpty()) {
            LOG.info("{} Ethernet netdevs existed before start-up: set admin down, their messages are ignored from now on",
                    old.size());
        }
        if (!failed.isEmpty()) {
            LOG.warn("Could not set {} old netdevs admin down: {}", failed.size(), failed);
        }
        return Set.copyOf(old);
    }

    private List<LinkEvent> initialDumpLinks() throws InterruptedException {
        try {
            return initialDump.get(settings.dumpWait().toMillis(), TimeUnit.MILLISECONDS).links();
        } catch (TimeoutException e) {
            LOG.warn("The initial netlink dump did not finish within {} ms; no netdev is treated as old",
                    settings.dumpWait().toMillis());
        } catch (ExecutionException e) {
            LOG.warn("The initial netlink dump failed ({}); no netdev is treated as old", e.getCause().toString());
        }
        return List.of();
    }
}

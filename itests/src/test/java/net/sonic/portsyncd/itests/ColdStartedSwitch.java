package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;

/**
 * The SONiC side of a container started from outside and cold, as swss starts it: CONFIG_DB's ports, APPL_DB and
 * STATE_DB flushed before each start with orchagent's rows put back, and the host interfaces created after
 * PortConfigDone, as syncd creates them.
 */
final class ColdStartedSwitch {
    static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    static final Duration SYNC_LIMIT = Duration.ofSeconds(30);
    private static final int APPL_DB = 0;
    private static final int CONFIG_DB = 4;
    private static final int STATE_DB = 6;

    private final RedisServer redis;
    private final NetNs ns;
    private final List<String> ports;

    /** Writes the CONFIG_DB {@code PORT} rows of {@code ports} (lanes from the port number, 100G, mtu 9100, up). */
    ColdStartedSwitch(RedisServer redis, NetNs ns, List<String> ports) {
        this.redis = redis;
        this.ns = ns;
        this.ports = List.copyOf(ports);
        for (String port : this.ports) {
            int lane = Integer.parseInt(port.substring("Ethernet".length()));
            redis.commandOn(CONFIG_DB, "HSET", "PORT|" + port, "lanes", Integer.toString(lane), "speed", "100000",
                    "mtu", "9100", "admin_status", "up");
        }
    }

    /** APPL_DB and STATE_DB flushed, as swss does before a cold start, with orchagent's rows for the ports. */
    void flushAsSwssDoes() {
        redis.commandOn(APPL_DB, "FLUSHDB");
        redis.commandOn(STATE_DB, "FLUSHDB");
        for (String port : ports) {
            // the engine writes STATE_DB only for ports orchagent has in APPL_DB
            redis.commandOn(APPL_DB, "HSET", "PORT_TABLE:" + port, "admin_status", "up");
        }
    }

    /**
     * Waits for the engine's cold start (a fresh PortConfigDone), then creates the host interfaces anew and waits for
     * their STATE_DB rows; fails at once when {@code running} says the container is gone.
     */
    void awaitSynced(BooleanSupplier running, Path logs) {
        Poll.until(BOOT_LIMIT, () -> !running.getAsBoolean()
                || ":1".equals(redis.commandOn(APPL_DB, "EXISTS", "_PORT_TABLE:PortConfigDone")),
                () -> "PortConfigDone from the container; see " + logs);
        assertTrue("the container is running", running.getAsBoolean());
        for (String port : ports) {
            if (ns.ip("-o", "link", "show").contains(" " + port + ":")) {
                ns.delete(port);
            }
            ns.addTap(port);
        }
        Poll.until(SYNC_LIMIT, () -> ports.stream().allMatch(port ->
                "ok".equals(redis.commandOn(STATE_DB, "HGET", "PORT_TABLE|" + port, "state"))),
                "STATE_DB rows of the host interfaces created after PortConfigDone");
    }
}

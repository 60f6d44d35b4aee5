package net.sonic.portsyncd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.NetNs;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchagentStandInTest {

    @Test
    void createsHostInterfacesOnlyAfterPortConfigDoneAndRemovesThemOnDel(@TempDir Path dir) {
        try (RedisServer redis = RedisServer.start();
             NetNs ns = NetNs.create("psd-tools");
             SonicDbClient db = SonicDbClient.open(redis.writeDatabaseConfig(dir.resolve("db.json"), false), "",
                     Duration.ofSeconds(2));
             ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            List<String> lines = new CopyOnWriteArrayList<>();
            try (OrchagentStandIn standIn = new OrchagentStandIn(db, ns.name(), lines::add)) {
                producer.set("Ethernet0", Map.of("lanes", "0,1,2,3"));
                producer.set("Ethernet4", Map.of("lanes", "4,5,6,7"));
                standIn.pollOnce(Duration.ofSeconds(2));
                assertThat(ns.ip("-o", "link", "show")).doesNotContain("Ethernet0");

                producer.set("PortConfigDone", Map.of("count", "2"));
                Poll.until(Duration.ofSeconds(10), () -> {
                    standIn.pollOnce(Duration.ofMillis(200));
                    return standIn.hostInterfaces() == 2;
                }, () -> "host interfaces: " + lines);
                assertThat(ns.ip("-o", "link", "show")).contains("Ethernet0").contains("Ethernet4");
                assertThat(redis.command("HGET", "PORT_TABLE:PortConfigDone", "count")).isEqualTo("2");

                producer.del("Ethernet4");
                Poll.until(Duration.ofSeconds(10), () -> {
                    standIn.pollOnce(Duration.ofMillis(200));
                    return standIn.hostInterfaces() == 1;
                }, () -> "after DEL: " + lines);
                assertThat(ns.ip("-o", "link", "show")).doesNotContain("Ethernet4");
            }
        }
    }
}

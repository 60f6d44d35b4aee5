package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of {@code INSTANCES} in {@code database_config.json}.
 *
 * @param name       the instance name, e.g. {@code redis}
 * @param hostname   TCP host
 * @param port       TCP port
 * @param unixSocket the unix socket, when the file names one
 */
record RedisInstance(String name, String hostname, int port, Optional<Path> unixSocket) {

    String tcpEndpoint() {
        return "tcp:" + hostname + ":" + port;
    }
}

package net.sonic.portsyncd.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * Remote access as configured ({@code net.sonic.portsyncd.remote}).
 *
 * @param unservable why the configuration cannot be served as it is (a key without an acceptable value), if so
 */
record RemoteSettings(boolean enabled, String address, int registryPort, int serverPort, int httpsPort,
        TlsSettings tls, Duration checkInterval, Optional<String> unservable) {
}

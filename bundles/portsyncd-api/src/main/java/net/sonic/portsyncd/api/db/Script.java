package net.sonic.portsyncd.api.db;

import java.util.Objects;

/**
 * A Lua script for {@link DbConnection#evalScript}: run by its SHA1, its body sent with SCRIPT LOAD only when the
 * server does not know it yet or has lost it (restart, SCRIPT FLUSH).
 *
 * @param name       how errors name the script
 * @param body       the Lua text
 * @param repeatable true when running it twice leaves the data as running it once does, so a call cut off by a
 *                   lost connection may be sent again after reconnecting; otherwise such a call is reported
 */
public record Script(String name, String body, boolean repeatable) {

    public Script {
        Objects.requireNonNull(name, "name");
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("script " + name + " has no body");
        }
    }
}

package net.sonic.portsyncd.sonicdb;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the SONiC database client, PID {@value SonicDbComponent#PID}. */
@ObjectClassDefinition(name = "portsyncd SONiC database client",
        description = "Where database_config.json is, which namespace to serve, and how to (re)connect to Redis")
public @interface SonicDbConfig {

    @AttributeDefinition(name = "database_config.json",
            description = "database_config.json, or a database_global.json when a namespace is set (absolute path)")
    String database_config_path() default "/var/run/redis/sonic-db/database_config.json";

    @AttributeDefinition(name = "Namespace", description = "Namespace in database_global.json; empty for the default")
    String namespace() default "";

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1", max = "300000")
    int connect_timeout_ms() default 2000;

    @AttributeDefinition(name = "Read timeout (ms)", description = "How long a reply may take before the"
            + " connection is considered lost", min = "1", max = "300000")
    int read_timeout_ms() default 5000;

    @AttributeDefinition(name = "Reconnect attempts", description = "Connection attempts before a command fails"
            + " with DbUnavailableException", min = "1", max = "1000")
    int reconnect_attempts() default 5;

    @AttributeDefinition(name = "Reconnect backoff (ms)", description = "Pause after the first failed attempt,"
            + " doubled after each further one", min = "0", max = "60000")
    int reconnect_backoff_ms() default 50;

    @AttributeDefinition(name = "Maximum reconnect backoff (ms)", min = "0", max = "600000",
            description = "At least the reconnect backoff")
    int reconnect_backoff_max_ms() default 1000;

    @AttributeDefinition(name = "Configuration retry interval (ms)", description = "How often a missing or"
            + " malformed database_config.json is read again", min = "100", max = "3600000")
    int config_retry_interval_ms() default 2000;
}

package net.sonic.portsyncd.support.config;

import java.util.List;

/** A configuration with one key of every kind the bundles use. */
@interface SampleConfig {
    String PID = "net.sonic.portsyncd.sample";

    ConfigSpec<SampleConfig> SPEC = ConfigSpec.of(PID, SampleConfig.class)
            .key("queue.capacity", Ranges.integers(1, 1 << 20))
            .key("retry.initial.ms", Ranges.integers(1, 60_000))
            .key("retry.max.ms", Ranges.integersFrom("retry.initial.ms", 600_000))
            .key("enabled", Ranges.flag())
            .key("state.dir", Ranges.absolutePath())
            .key("facility", Ranges.oneOf(List.of("user", "daemon", "local0")))
            .identityKey("netns", Ranges.text("a plain name or empty", name -> name.matches("[a-z0-9]*")))
            .build();

    int queue_capacity() default 16_384;

    long retry_initial_ms() default 20;

    long retry_max_ms() default 500;

    boolean enabled() default true;

    String state_dir() default "/var/lib/sonic/portsyncd";

    String facility() default "user";

    String netns() default "";
}

package net.sonic.portsyncd.api.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.DescriptorKey;

/**
 * The unit of a numeric MBean attribute, operation result or parameter: the {@code units} field of its JMX
 * descriptor. Every numeric attribute of portsyncd has one, and its name ends in the matching suffix: {@code Count},
 * {@code Micros}, {@code Millis}, {@code AtMillis}, {@code Seconds}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Units {
    /** How many of something: events, ports, alarms, backups. Names end in {@code Count}. */
    String COUNT = "count";
    String MICROSECONDS = "microseconds";
    String MILLISECONDS = "milliseconds";
    String SECONDS = "seconds";
    /** A wall-clock instant as milliseconds since 1970-01-01T00:00:00Z, 0 for never. Names end in {@code AtMillis}. */
    String EPOCH_MILLISECONDS = "milliseconds since the epoch";

    @DescriptorKey("units")
    String value();
}

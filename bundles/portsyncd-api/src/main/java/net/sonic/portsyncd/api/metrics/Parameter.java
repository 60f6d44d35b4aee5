package net.sonic.portsyncd.api.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name and meaning of an MBean operation's parameter, as JMX clients show them; the JMX introspection of a
 * Standard MBean knows neither (it calls them {@code p1}, {@code p2}, ...).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Parameter {
    String name();

    String description();
}

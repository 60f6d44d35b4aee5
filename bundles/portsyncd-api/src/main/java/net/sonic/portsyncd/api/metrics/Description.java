package net.sonic.portsyncd.api.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an MBean, or an attribute or operation of its interface, means: the description JMX clients show (jconsole's
 * tooltips, an NMS's item list). The JMX introspection of a Standard MBean cannot find one by itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Description {
    String value();
}

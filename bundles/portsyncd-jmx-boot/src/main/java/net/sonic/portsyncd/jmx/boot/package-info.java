/**
 * Loaded from {@code lib/boot} before the OSGi framework starts, exported by the system bundle and boot-delegated,
 * so that the platform MBeanServer can be built by {@link net.sonic.portsyncd.jmx.boot.CheckedMBeanServerBuilder}
 * whichever class loader first asks for it.
 */
@Export
@Version("1.0.0")
package net.sonic.portsyncd.jmx.boot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

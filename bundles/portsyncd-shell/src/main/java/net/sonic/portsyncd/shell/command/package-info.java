/** The Karaf actions of scope {@code portsyncd}; Karaf's command extender scans this package. */
@Header(name = "Karaf-Commands", value = "net.sonic.portsyncd.shell.command")
package net.sonic.portsyncd.shell.command;

import org.osgi.annotation.bundle.Header;

@Export
@Version("3.0.0")
package net.sonic.portsyncd.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

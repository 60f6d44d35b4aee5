@Export
@Version("2.0.0")
package net.sonic.portsyncd.api.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

@Export
@Version("1.1.0")
package net.sonic.portsyncd.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

@Export
@Version("1.2.0")
package net.sonic.portsyncd.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

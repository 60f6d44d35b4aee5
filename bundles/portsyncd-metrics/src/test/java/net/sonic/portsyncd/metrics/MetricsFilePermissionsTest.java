package net.sonic.portsyncd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import net.sonic.portsyncd.api.metrics.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics file tells an onlooker how the switch's ports behave (flaps, outages, restarts): only its owner may
 * read it, whatever the process umask, on the first save, on every later save and after a file that was made
 * readable by someone else is replaced.
 */
class MetricsFilePermissionsTest {
    private static final Set<PosixFilePermission> FOR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    @TempDir
    Path dir;

    @Test
    void theMetricsFileIsReadableByItsOwnerOnly() throws IOException {
        try (MetricsService metrics = new MetricsService(Clock.systemUTC(), new MetricsSettings(dir, Duration.ofHours(1)))) {
            metrics.add(Counter.NETLINK_RECEIVED, 5);
            assertThat(metrics.save()).isTrue();
            assertOwnerOnly(metrics.file());

            Files.setPosixFilePermissions(metrics.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
            metrics.add(Counter.NETLINK_RECEIVED, 1);
            assertThat(metrics.save()).isTrue();
            assertOwnerOnly(metrics.file());
        }
        assertOwnerOnly(dir.resolve("metrics.json"));
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        assertThat(permissions).as("%s is %s", file, PosixFilePermissions.toString(permissions))
                .doesNotContainAnyElementsOf(FOR_OTHERS);
    }
}

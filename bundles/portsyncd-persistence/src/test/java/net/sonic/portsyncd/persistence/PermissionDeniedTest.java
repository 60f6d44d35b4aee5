package net.sonic.portsyncd.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.state.BackupFile;
import net.sonic.portsyncd.testkit.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the store may not read or write. Tests run as root, which ignores permission bits, so the store runs in a
 * child JVM that keeps uid 0 but loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; the files in question belong to
 * another user (nobody). That is exactly what the kernel checks for root without those capabilities.
 */
class PermissionDeniedTest {
    private static final int NOBODY = 65_534;

    @TempDir
    Path directory;
    @TempDir
    Path work;
    private ChildJvm children;
    private List<String> withoutOverride;

    @BeforeEach
    void prepare() throws IOException {
        Environment.requireRoot();
        withoutOverride = List.of(Environment.require("setpriv", "util-linux").toString(),
                "--bounding-set=-dac_override,-dac_read_search", "--");
        children = ChildJvm.withoutArchive(work);
    }

    @Test
    void unreadableLiveFileIsRejectedAndTheBackupPromoted() throws Exception {
        BackupFile backup;
        try (StateFileStore store = new StateFileStore(directory, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.systemUTC())) {
            store.save(Snapshots.ports(4, 1));
            backup = store.rotate().orElseThrow();
            store.save(Snapshots.ports(4, 2));
            giveToNobody(store.liveFile());
        }

        List<String> facts = runProbe();

        assertThat(facts).containsExactly("source backup:" + backup.fileName(),
                "rejection port_state.json: cannot read: Permission denied", "save ok");
    }

    @Test
    void unreachableStateDirectoryIsReportedAndSavingFailsWithTheAlarmAndTheCounter() throws Exception {
        Path state = directory.resolve("state");
        try (StateFileStore store = new StateFileStore(state, StoreSettings.defaults(), new RecordingMetrics(),
                Clock.systemUTC())) {
            store.save(Snapshots.ports(4, 1));
            store.rotate();
        }
        // the store's own directory (root's), closed even to its owner: only CAP_DAC_OVERRIDE would open it
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));

        List<String> facts = runProbe(state);

        assertThat(facts).containsExactly("source none", "rejection " + state + ": cannot open: Permission denied",
                "save failed java.nio.file.AccessDeniedException: " + state, "alarm MAJOR Permission denied",
                "save failures 1");
    }

    private List<String> runProbe() throws Exception {
        return runProbe(directory);
    }

    private List<String> runProbe(Path state) throws Exception {
        Process probe = new ProcessBuilder(children.command(withoutOverride, LoadProbe.class, state.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        assertThat(probe.exitValue()).as("probe exit; output: %s", output).isZero();
        return output.lines().toList();
    }

    private static void giveToNobody(Path path) throws IOException {
        UserPrincipal nobody = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("" + NOBODY);
        Files.setOwner(path, nobody);
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
}

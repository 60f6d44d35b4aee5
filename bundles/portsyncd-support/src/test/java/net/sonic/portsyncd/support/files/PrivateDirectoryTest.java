package net.sonic.portsyncd.support.files;

import static net.sonic.portsyncd.testkit.PosixFiles.directoryOfNobody;
import static net.sonic.portsyncd.testkit.PosixFiles.list;
import static net.sonic.portsyncd.testkit.PosixFiles.mode;
import static net.sonic.portsyncd.testkit.PosixFiles.nobody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real file system: what is created, tightened, refused, written and deleted, and what is left alone. */
class PrivateDirectoryTest {
    @TempDir
    Path root;

    @Test
    void aMissingDirectoryIsCreatedForItsOwnerOnlyWithItsParents() throws IOException {
        Path state = root.resolve("lib/sonic/portsyncd");

        try (PrivateDirectory directory = PrivateDirectory.create(state)) {
            directory.replace("port_state.json", bytes("{}"));
            try (PrivateDirectory backups = directory.subdirectory("backups", true).orElseThrow()) {
                backups.replace("port_state_1-0.json", bytes("{}"));
            }
        }

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(state.resolve("backups"))).isEqualTo("rwx------");
        assertThat(mode(state.resolve("port_state.json"))).isEqualTo("rw-------");
        assertThat(mode(state.resolve("backups/port_state_1-0.json"))).isEqualTo("rw-------");
        assertThat(Files.readString(state.resolve("port_state.json"))).isEqualTo("{}");
    }

    @Test
    void anExistingDirectoryOpenToOthersIsTightenedAndTheChangeLogged() throws IOException {
        Path state = Files.createDirectory(root.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path backups = Files.createDirectory(state.resolve("backups"));
        Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwxr-x---"));

        try (LogCapture log = new LogCapture();
                PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow();
                PrivateDirectory opened = directory.subdirectory("backups", false).orElseThrow()) {
            assertThat(log.count("Permissions of " + state + " tightened from rwxrwxrwx to rwx------")).isEqualTo(1);
            assertThat(log.count("Permissions of " + backups + " tightened from rwxr-x--- to rwx------")).isEqualTo(1);
        }

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(backups)).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkAtTheDirectoryIsRefusedAndItsTargetUntouched() throws IOException {
        Path target = Files.createDirectory(root.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.createSymbolicLink(root.resolve("state"), target);

        assertThatThrownBy(() -> PrivateDirectory.create(state)).isInstanceOf(RefusedPathException.class)
                .hasMessage(state + " is a symbolic link to '" + target + "', not a directory; refused");
        assertThatThrownBy(() -> PrivateDirectory.existing(state)).isInstanceOf(RefusedPathException.class);

        assertThat(mode(target)).isEqualTo("rwxr-xr-x");
        assertThat(Files.isSymbolicLink(state)).isTrue();
        assertThat(list(target)).isEmpty();
    }

    @Test
    void aRegularFileWhereTheDirectoryBelongsIsRefused() throws IOException {
        Path state = Files.writeString(root.resolve("state"), "not a directory");

        assertThatThrownBy(() -> PrivateDirectory.create(state)).isInstanceOf(RefusedPathException.class)
                .hasMessage(state + " is a regular file, not a directory; refused")
                .satisfies(e -> assertThat(((RefusedPathException) e).path()).isEqualTo(state));
        assertThat(Files.readString(state)).isEqualTo("not a directory");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefusedAndNotTightened() throws IOException {
        Environment.requireRoot();
        Path state = directoryOfNobody(root.resolve("state"));

        assertThatThrownBy(() -> PrivateDirectory.create(state)).isInstanceOf(RefusedPathException.class)
                .hasMessageStartingWith(state + " is a directory owned by ")
                .hasMessageEndingWith(", not by this process's user (uid 0); refused");

        assertThat(mode(state)).isEqualTo("rwxr-xr-x");
        assertThat(list(state)).isEmpty();
    }

    @Test
    void aSubdirectoryThatIsALinkAFileOrAnotherUsersIsRefused() throws IOException {
        Environment.requireRoot();
        Path target = Files.createDirectory(root.resolve("elsewhere"));
        Path state = Files.createDirectory(root.resolve("state"));
        Files.createSymbolicLink(state.resolve("linked"), target);
        Files.writeString(state.resolve("file"), "x");
        Files.setOwner(Files.createDirectory(state.resolve("foreign")), nobody());

        try (PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow()) {
            assertThatThrownBy(() -> directory.subdirectory("linked", true)).isInstanceOf(RefusedPathException.class)
                    .hasMessage(state.resolve("linked") + " is a symbolic link to '" + target
                            + "', not a directory; refused");
            assertThatThrownBy(() -> directory.subdirectory("file", true)).isInstanceOf(RefusedPathException.class)
                    .hasMessage(state.resolve("file") + " is a regular file, not a directory; refused");
            assertThatThrownBy(() -> directory.subdirectory("foreign", false))
                    .isInstanceOf(RefusedPathException.class).hasMessageContaining("is a directory owned by");
            assertThat(directory.directoryRefusal("linked")).isPresent();
            assertThat(directory.directoryRefusal("foreign")).isPresent();
            assertThat(directory.directoryRefusal("absent")).isEmpty();
            assertThat(directory.subdirectory("absent", false)).isEmpty();
        }
        assertThat(list(target)).isEmpty();
    }

    @Test
    void aFileIsNeverReplacedOrReadThroughALinkOrInPlaceOfADirectory() throws IOException {
        Path target = Files.writeString(root.resolve("precious"), "keep me");
        Path state = Files.createDirectory(root.resolve("state"));
        Path link = Files.createSymbolicLink(state.resolve("metrics.json"), target);
        Files.createDirectory(state.resolve("port_state.json"));

        try (PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow()) {
            assertThatThrownBy(() -> directory.replace("metrics.json", bytes("{}")))
                    .isInstanceOf(RefusedPathException.class)
                    .hasMessage(link + " is a symbolic link to '" + target + "'; refused");
            assertThatThrownBy(() -> directory.openForReading("metrics.json")).isInstanceOf(RefusedPathException.class);
            assertThatThrownBy(() -> directory.replace("port_state.json", bytes("{}")))
                    .isInstanceOf(RefusedPathException.class).hasMessage(state.resolve("port_state.json")
                            + " is a directory; refused");
            assertThat(directory.openForReading("absent.json")).isEmpty();
        }

        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(list(state)).containsExactlyInAnyOrder("metrics.json", "port_state.json");
    }

    @Test
    void aReplacedFileIsReadBackAndAFileOfAnotherUserIsReplacedNotWrittenInto() throws IOException {
        Environment.requireRoot();
        Path state = Files.createDirectory(root.resolve("state"));
        Path foreign = Files.writeString(state.resolve("port_state.json"), "old");
        Path hardLink = Files.createLink(root.resolve("other-name"), foreign);
        Files.setOwner(foreign, nobody());

        try (PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow()) {
            directory.replace("port_state.json", bytes("new"));
            try (SeekableByteChannel channel = directory.openForReading("port_state.json").orElseThrow()) {
                ByteBuffer buffer = ByteBuffer.allocate(16);
                channel.read(buffer);
                assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)).isEqualTo("new");
            }
        }

        assertThat(Files.readString(hardLink)).isEqualTo("old");
        assertThat(Files.getOwner(state.resolve("port_state.json"), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(Files.getOwner(state));
        assertThat(list(state)).containsExactly("port_state.json");
    }

    @Test
    void onlyRegularFilesOfThisUserAreDeleted() throws IOException {
        Environment.requireRoot();
        Path target = Files.writeString(root.resolve("precious"), "keep me");
        Path state = Files.createDirectory(root.resolve("state"));
        Files.writeString(state.resolve("ours"), "x");
        Files.createSymbolicLink(state.resolve("link"), target);
        Files.setOwner(Files.writeString(state.resolve("theirs"), "x"), nobody());
        Files.createDirectory(state.resolve("directory"));

        try (PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow()) {
            assertThat(directory.deleteOwnFile("ours")).isTrue();
            assertThat(directory.deleteOwnFile("link")).isFalse();
            assertThat(directory.deleteOwnFile("theirs")).isFalse();
            assertThat(directory.deleteOwnFile("directory")).isFalse();
            assertThat(directory.deleteOwnFile("absent")).isFalse();
            assertThat(directory.names()).containsExactlyInAnyOrder("link", "theirs", "directory");
        }

        assertThat(Files.readString(target)).isEqualTo("keep me");
    }

    @Test
    void aDirectorySwappedForALinkAfterItWasOpenedStillReceivesTheWrite() throws IOException {
        Path state = Files.createDirectory(root.resolve("state"));
        Path decoy = Files.createDirectory(root.resolve("decoy"));
        Path moved = root.resolve("moved");

        try (PrivateDirectory directory = PrivateDirectory.existing(state).orElseThrow()) {
            Files.move(state, moved);
            Files.createSymbolicLink(state, decoy);
            directory.replace("port_state.json", bytes("{}"));
        }

        assertThat(list(decoy)).isEmpty();
        assertThat(list(moved)).containsExactly("port_state.json");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

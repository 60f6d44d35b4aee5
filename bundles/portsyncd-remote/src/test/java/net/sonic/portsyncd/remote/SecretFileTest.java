package net.sonic.portsyncd.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
    @TempDir
    Path etc;

    @Test
    void readsTheWholeFileTrimmedAsConfigAdminDoes() throws Exception {
        secret("tls.password", "  s3cret pass\n", "rw-------");

        assertThat(SecretFile.read(etc, "tls.password")).containsExactly("s3cret pass".toCharArray());
        assertThat(SecretFile.placeholder("tls.password")).isEqualTo("$[secret:tls.password]");
    }

    @Test
    void refusesAFileOpenToGroupOrOthers() throws Exception {
        secret("tls.password", "s3cret", "rw-r--r--");

        assertThatThrownBy(() -> SecretFile.read(etc, "tls.password")).isInstanceOf(RemoteAccessException.class)
                .hasMessageContaining(etc.resolve("tls.password").toString())
                .hasMessageContaining("open to group or others").hasMessageContaining("chmod 600");
    }

    @Test
    void refusesALinkEvenToAPrivateFile() throws Exception {
        Path target = secret("real.password", "s3cret", "rw-------");
        Files.createSymbolicLink(etc.resolve("tls.password"), target);

        assertThatThrownBy(() -> SecretFile.read(etc, "tls.password")).hasMessageContaining("symbolic link");
    }

    @Test
    void refusesMissingEmptyAndNonAsciiPasswordsAndPathsForNames() throws Exception {
        assertThatThrownBy(() -> SecretFile.read(etc, "tls.password")).hasMessageContaining("does not exist");
        secret("empty.password", " \n", "rw-------");
        assertThatThrownBy(() -> SecretFile.read(etc, "empty.password")).hasMessageContaining("is empty");
        secret("accent.password", "pässword", "rw-------");
        assertThatThrownBy(() -> SecretFile.read(etc, "accent.password")).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> SecretFile.read(etc, "../users.properties"))
                .hasMessageContaining("is not a file name of");
        Files.createDirectory(etc.resolve("dir.password"));
        assertThatThrownBy(() -> SecretFile.read(etc, "dir.password")).hasMessageContaining("not a regular file");
    }

    private Path secret(String name, String content, String mode) throws IOException {
        Path file = etc.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}

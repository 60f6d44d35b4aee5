package net.sonic.portsyncd.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.sonic.portsyncd.testkit.Processes;

/**
 * A newer build of a package, made from the one the build produced with Debian's own tool: unpacked with
 * {@code dpkg-deb -R}, given a higher version and new upstream defaults in some conffiles (a comment line naming the
 * version), and built again with {@code dpkg-deb -b}. What an upgrade must do with conffiles shows only when the
 * new version changes some.
 */
final class UpgradeBuild {
    private UpgradeBuild() {
    }

    /** The line the new build adds to each of {@code changedConffiles}. */
    static String marker(String version) {
        return "# default changed in " + version;
    }

    /**
     * @param changedConffiles absolute paths of conffiles (e.g. {@code /etc/sonic-portsyncd/x.cfg}) the new build
     *                         changes
     */
    static Path repack(Path deb, String version, List<String> changedConffiles, Path work) throws IOException {
        Path tree = work.resolve("upgrade-tree");
        Processes.run(List.of("dpkg-deb", "-R", deb.toString(), tree.toString()));
        Path control = tree.resolve("DEBIAN/control");
        List<String> fields = new ArrayList<>();
        for (String line : Files.readAllLines(control)) {
            fields.add(line.startsWith("Version:") ? "Version: " + version : line);
        }
        Files.write(control, fields);
        Path md5sums = tree.resolve("DEBIAN/md5sums");
        List<String> sums = Files.readAllLines(md5sums);
        for (String conffile : changedConffiles) {
            Path file = tree.resolve(conffile.substring(1));
            Files.writeString(file, "\n" + marker(version) + "\n", StandardOpenOption.APPEND);
            String relative = conffile.substring(1);
            String sum = md5(file) + "  " + relative;
            sums.replaceAll(line -> line.endsWith("  " + relative) ? sum : line);
        }
        Files.write(md5sums, sums);
        Path newer = work.resolve(deb.getFileName().toString().replaceFirst("_[^_]+_all\\.deb$", "_" + version + "_all.deb"));
        // no compression: the test only installs it
        Processes.run(List.of("dpkg-deb", "-Znone", "--build", tree.toString(), newer.toString()));
        return newer;
    }

    private static String md5(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5 in this JVM", e);
        }
    }
}

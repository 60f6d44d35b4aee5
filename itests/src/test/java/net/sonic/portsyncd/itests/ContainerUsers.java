package net.sonic.portsyncd.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.sonic.portsyncd.testkit.Processes;
import org.ops4j.pax.exam.Option;

/**
 * Gives a container the {@link TestUsers} the way an operator sets passwords: {@code bin/portsyncd-passwd --stdin
 * <user>} of the distribution. A container with users does not generate passwords at its first start. Outer JVM only.
 */
final class ContainerUsers {
    private static final String USERS_FILE = "etc/users.properties";

    private ContainerUsers() {
    }

    /** Sets the test users' passwords in the distribution unpacked at {@code home}, before it starts. */
    static void setIn(Path home) {
        for (String[] user : List.of(TestUsers.ADMIN, TestUsers.OPERATOR, TestUsers.VIEWER)) {
            setPassword(home, user[0], user[1]);
        }
    }

    /** {@code bin/portsyncd-passwd --stdin <user>}, the password on its standard input; returns what it printed. */
    static String setPassword(Path home, String user, String password) {
        return Processes.run(List.of(home.resolve("bin/portsyncd-passwd").toString(), "--stdin", user), password + "\n");
    }

    /**
     * For a container Pax Exam unpacks itself: the assembly's {@code users.properties} with the test users set by
     * the assembly's own command (run on a copy of the files it needs), put in place of the shipped one.
     */
    static Option paxExamUsers(File assembly) {
        try {
            Path scratch = Files.createTempDirectory("portsyncd-itest-users-");
            String root = assembly.getName().replaceFirst("\\.tar\\.gz$", "");
            Processes.run(List.of("tar", "-xzf", assembly.getPath(), "-C", scratch.toString(),
                    root + "/bin/portsyncd-passwd", root + "/" + USERS_FILE, root + "/etc/org.apache.karaf.jaas.cfg"));
            Path home = scratch.resolve(root);
            setIn(home);
            return replaceConfigurationFile(USERS_FILE, home.resolve(USERS_FILE).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot set the test users for " + assembly, e);
        }
    }
}

package net.sonic.portsyncd.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that what a test needs from the machine is there. A missing redis-server, ip or root is a test
 * failure with a message that says what to install; tests never skip for it.
 */
public final class Environment {
    private Environment() {
    }

    public static Path require(String executable, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(executable + " is required by this test but is not installed (apt-get install "
                + debianPackage + ")");
    }

    public static void requireRoot() {
        String uid = Processes.run(List.of("id", "-u")).trim();
        if (!"0".equals(uid)) {
            throw new AssertionError("this test creates network namespaces and must run as root (uid is " + uid + ")");
        }
    }
}

package net.sonic.portsyncd.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import org.apache.karaf.service.guard.tools.ACLConfigurationParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped command ACL, evaluated by Karaf's own parser the way its secured shell session does. */
class CommandAclTest {
    private static final Path ACL =
            Path.of("../../karaf-assembly/src/main/resources/etc/org.apache.karaf.command.acl.portsyncd.cfg");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "status; viewer",
        "ports; viewer",
        "ports -j Ethernet0; viewer",
        "ports --no-format; viewer",
        "metrics; viewer",
        "backups; viewer",
        "backups --help; viewer",
        "backups --cleanup 3; operator",
        "backups -c 3; operator",
        "backups --cleanup=3; operator",
        "backups --stale; operator",
        "warm-restart; viewer",
        "warm-restart force-complete; operator",
        "warm-restart save-state; operator",
        "warm-restart rotate; operator",
        "warm-restart set-timeout 10; operator",
        "warm-restart bogus; operator",
        "resync; operator",
        "reboot; admin",
        "some-later-command --x; admin"})
    void rolesFor(String commandLine, String role) throws IOException {
        String[] words = commandLine.split(" ");
        List<Object> arguments = new ArrayList<>(Arrays.asList(words).subList(1, words.length));
        List<String> roles = new ArrayList<>();

        ACLConfigurationParser.getRolesForInvocation(words[0], new Object[] {arguments.toString()}, null, acl(),
                roles);

        assertThat(roles).containsExactly(role);
    }

    private static Hashtable<String, Object> acl() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ACL)) {
            properties.load(reader);
        }
        Hashtable<String, Object> config = new Hashtable<>();
        properties.forEach((key, value) -> config.put((String) key, value));
        config.put("service.pid", "org.apache.karaf.command.acl.portsyncd");
        return config;
    }
}

package net.sonic.portsyncd.tools;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.OrchagentStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code OrchagentStandInCommand <database_config.json> <netns> <log file>}: the {@link OrchagentStandIn} that
 * behaves like orchagent, popping the APPL_DB of that configuration for host interfaces in that namespace until the
 * process is stopped. Everything it says, with the time, is appended to the log file (the demo runs it beside an
 * interactive console that its lines must not disturb).
 */
public final class OrchagentStandInCommand {
    private OrchagentStandInCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: OrchagentStandInCommand <database_config.json> <network namespace> <log file>");
            System.exit(2);
        }
        PrintStream log = new PrintStream(new FileOutputStream(args[2], true), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        // slf4j-simple writes to System.err, so the database client's lines and any stack trace land there too
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        Logger logger = LoggerFactory.getLogger(OrchagentStandInCommand.class);
        try (SonicDbClient db = SonicDbClient.open(Path.of(args[0]), "", Duration.ofSeconds(2));
             OrchagentStandIn standIn = OrchagentStandIn.likeOrchagent(db, args[1], logger::info)) {
            Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "orchagent-stand-in-stop"));
            logger.info("orchagent stand-in: popping APPL_DB PORT_TABLE, host interfaces go to netns {}", args[1]);
            standIn.run();
        }
    }
}

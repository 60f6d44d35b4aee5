package net.sonic.portsyncd.deb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.testkit.Environment;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.Processes;

/**
 * The real supervisord of Debian's {@code supervisor} package, in the foreground with a configuration of its own
 * (control socket, log and pid file in one directory) that includes the given program files, as the swss
 * container's supervisord includes its programs. The machine's own supervisord, if any, is never touched.
 */
final class PrivateSupervisord implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final Path configuration;
    private final Path supervisorctl;
    private final Process process;

    private PrivateSupervisord(Path directory, Path configuration, Path supervisorctl, Process process) {
        this.directory = directory;
        this.configuration = configuration;
        this.supervisorctl = supervisorctl;
        this.process = process;
    }

    static PrivateSupervisord start(Path directory, List<Path> programFiles) throws IOException {
        Path supervisord = Environment.require("supervisord", "supervisor");
        Path supervisorctl = Environment.require("supervisorctl", "supervisor");
        Files.createDirectories(directory);
        Path configuration = directory.resolve("supervisord.conf");
        List<String> includes = new ArrayList<>();
        programFiles.forEach(file -> includes.add(file.toString()));
        Files.writeString(configuration, String.join("\n",
                "[unix_http_server]",
                "file = " + directory.resolve("supervisor.sock"),
                "chmod = 0700",
                "",
                "[supervisord]",
                "nodaemon = true",
                "logfile = " + directory.resolve("supervisord.log"),
                "pidfile = " + directory.resolve("supervisord.pid"),
                "childlogdir = " + directory,
                "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "",
                "[supervisorctl]",
                "serverurl = unix://" + directory.resolve("supervisor.sock"),
                "",
                "[include]",
                "files = " + String.join(" ", includes),
                ""));
        Process process = new ProcessBuilder(supervisord.toString(), "-c", configuration.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("supervisord.out").toFile())
                .start();
        PrivateSupervisord instance = new PrivateSupervisord(directory, configuration, supervisorctl, process);
        Poll.until(READY, () -> !process.isAlive() || instance.answers(),
                () -> "supervisord answering on its socket; see " + directory.resolve("supervisord.out"));
        if (!process.isAlive()) {
            throw new AssertionError("supervisord exited with " + process.exitValue() + ": " + instance.log());
        }
        return instance;
    }

    /** {@code supervisorctl -c <conf> args...}; its exit code says little (3 when a program is not running). */
    String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(supervisorctl.toString(), "-c", configuration.toString()));
        command.addAll(List.of(args));
        return Processes.tryRun(command, null).output().trim();
    }

    /** The state supervisord gives the program: RUNNING, STOPPED, EXITED, FATAL, ... */
    String state(String program) {
        String line = ctl("status", program);
        String[] words = line.split("\\s+");
        return words.length > 1 ? words[1] : line;
    }

    /** The pid of the program's process as supervisord knows it (0 when it is not running). */
    long pid(String program) {
        String pid = ctl("pid", program);
        return pid.matches("\\d+") ? Long.parseLong(pid) : 0;
    }

    /** supervisord's own log: what it started, how each program stopped, whether it had to SIGKILL. */
    String log() {
        try {
            return Files.readString(directory.resolve("supervisord.log"));
        } catch (IOException e) {
            return "(no supervisord.log: " + e.getMessage() + ")";
        }
    }

    private boolean answers() {
        return ctl("pid").matches("\\d+");
    }

    /** SIGTERM to supervisord: it stops its programs, then exits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}

package net.sonic.portsyncd.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command and returns its output; a non-zero exit is an error. */
public final class Processes {
    private Processes() {
    }

    public static String run(List<String> command) {
        return run(command, null);
    }

    public static String run(List<String> command, String stdin) {
        Result result = tryRun(command, stdin);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("command " + command + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    public static Result tryRun(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("command " + command + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    public record Result(int exitCode, String output) {
    }
}

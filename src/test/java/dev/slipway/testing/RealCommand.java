package dev.slipway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program to its end within a bounded time. Output goes to temp files, not pipes, so a program that
 * leaves a daemon behind (bin/test-services) cannot keep the caller waiting for end-of-stream.
 */
public final class RealCommand {
    private RealCommand() {}

    /** Runs {@code command} with {@code env} added to this JVM's environment; a command past {@code timeout} is killed. */
    public static CommandResult run(Duration timeout, Map<String, String> env, List<String> command) {
        String shown = String.join(" ", command);
        try {
            Path out = Files.createTempFile("slipway-cmd", ".out");
            Path err = Files.createTempFile("slipway-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(shown + " did not finish within " + timeout + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new CommandResult(shown, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + shown, e);
        }
    }

    /** Whether {@code program} is an executable file in one of PATH's directories. */
    public static boolean installed(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

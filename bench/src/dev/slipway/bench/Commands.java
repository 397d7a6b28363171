package dev.slipway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running a command (git, javac) to its end, at most 2 minutes; a failure throws with its output. */
public final class Commands {
    private Commands() {}

    /** Runs {@code command} in {@code dir} and returns its output (stdout and stderr together). */
    public static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    /** The real git client, committing as bench@localhost. */
    public static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }
}

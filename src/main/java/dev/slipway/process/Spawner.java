package dev.slipway.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Starts shell scripts as the leaders of their own process group and session, so the whole tree can be killed. */
public final class Spawner {

    // Absolute paths: the extra environment may change PATH, and a user's PATH must not pick our tools.
    private static final Path SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    private static final Path BASH = firstExisting("/bin/bash", "/usr/bin/bash");
    private static final File DEV_NULL = new File("/dev/null");
    /** How the JVM turns arguments and environment into bytes: the locale's charset, which cannot be changed at run time. */
    private static final Charset PLATFORM = platformCharset();

    private Spawner() {}

    /**
     * Runs {@code bash -c script} in {@code dir} with the inherited environment plus {@code env}, stdin from
     * /dev/null and stderr merged into stdout. A Java child is never a process-group leader, so setsid(1)
     * calls setsid(2) itself instead of forking: the returned pid is the script's, and its pgid and sid.
     */
    public static Spawned start(String script, Path dir, Map<String, String> env, Redirect output) throws IOException {
        if (!Files.isExecutable(SETSID) || !Files.isExecutable(BASH)) {
            throw new IOException("running scripts needs " + BASH + " and " + SETSID + ": install the bash and util-linux packages");
        }
        requireEncodable("the script", script);
        requireEncodable("the working directory", dir.toString());
        for (Map.Entry<String, String> variable : env.entrySet()) {
            requireEncodable("environment variable " + variable.getKey(), variable.getKey() + variable.getValue());
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(SETSID.toString(), BASH.toString(), "-c", script))
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        if (output instanceof Redirect.ToFile file) {
            builder.redirectOutput(file.append()
                    ? ProcessBuilder.Redirect.appendTo(file.file().toFile())
                    : ProcessBuilder.Redirect.to(file.file().toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        }
        Process process = builder.start();
        // A script that already exited and was reaped has no /proc entry left; GONE then matches nothing.
        ProcessId id = ProcessId.of(process.pid()).orElse(new ProcessId(process.pid(), ProcessId.GONE));
        LineReader lines = output instanceof Redirect.ToLines toLines ? LineReader.start(process, toLines.sink()) : null;
        return new Spawned(process, id, lines);
    }

    /** Under a non-UTF-8 locale the JVM would silently turn "é" into "?"; refusing is better than running something else. */
    private static void requireEncodable(String what, String text) throws IOException {
        if (!PLATFORM.newEncoder().canEncode(text)) {
            throw new IOException(what + " contains characters that the server's locale (" + PLATFORM
                    + ") cannot pass to a process: start Slipway with a UTF-8 locale, e.g. LANG=C.UTF-8");
        }
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            Path path = Paths.get(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return Paths.get(candidates[0]);
    }
}

package dev.slipway.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts commands as the leaders of their own process group and session, so the whole tree can be killed. Only the
 * {@link Sandbox} uses it outside tests: nothing else may start a user's command.
 */
final class Spawner {

    // Absolute paths: the extra environment may change PATH, and a user's PATH must not pick our tools.
    private static final Path SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    static final Path BASH = firstExisting("/bin/bash", "/usr/bin/bash");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final File DEV_NULL = new File("/dev/null");
    /** How the JVM turns arguments and environment into bytes: the locale's charset, which cannot be changed at run time. */
    private static final Charset PLATFORM = platformCharset();

    private Spawner() {}

    /** Runs {@code bash -c script}; see {@link #start(List, Path, Map, Redirect)}. */
    static Spawned start(String script, Path dir, Map<String, String> env, Redirect output) throws IOException {
        return start(List.of(BASH.toString(), "-c", script), dir, env, output);
    }

    /**
     * Runs {@code command} in {@code dir} with exactly the environment {@code env} (nothing of the server's), stdin
     * from /dev/null and stderr merged into stdout. A Java child is never a process-group leader, so setsid(1)
     * calls setsid(2) itself instead of forking: the returned pid is the command's, and its pgid and sid.
     */
    static Spawned start(List<String> command, Path dir, Map<String, String> env, Redirect output) throws IOException {
        if (!Files.isExecutable(SETSID) || !Files.isExecutable(BASH)) {
            throw new IOException("running scripts needs " + BASH + " and " + SETSID + ": install the bash and util-linux packages");
        }
        for (String argument : command) {
            requireEncodable("the command", argument);
        }
        requireEncodable("the working directory", dir.toString());
        for (Map.Entry<String, String> variable : env.entrySet()) {
            requireEncodable("environment variable " + variable.getKey(), variable.getKey() + variable.getValue());
        }
        List<String> argv = new ArrayList<>(List.of(SETSID.toString()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (output instanceof Redirect.ToFile file) {
            ownerOnly(file.file());
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

    /** Output files may hold what a service prints, secrets included: readable by the server's user only, old ones too. */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
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

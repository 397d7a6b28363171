package dev.slipway.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Where users' commands run — job steps, services, verify steps — and what they can see of this host.
 *
 * <p>Isolating (the default): under bubblewrap, in a mount and a PID namespace of their own, without capabilities
 * (everything runs as root here, so only the lost capabilities keep them from undoing the mounts). The file system
 * is the host's, read-only; the hidden paths (the server's data directory and its user's HOME) are empty; the
 * cell's directory is writable and /tmp is a directory inside it. In its PID namespace a command sees only its own
 * processes (not the server's /proc/PID/environ), and when the namespace's first process ends the kernel kills
 * all that is left in it. The network is shared: services answer on 127.0.0.1.
 *
 * <p>Unconfined ({@code --no-isolation}): the same command, environment and HOME, with nothing hidden.
 *
 * <p>Either way a command never inherits the server's environment: only PATH, the locale (LANG, LANGUAGE, LC_*)
 * and TZ, then its own HOME and TMPDIR, then the variables its caller gives.
 */
public final class Sandbox {
    private static final List<String> PASSED_ON = List.of("PATH", "LANG", "LANGUAGE", "TZ");
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final Path bwrap;
    private final List<Path> hidden;
    private final Map<String, String> passedOn;

    private Sandbox(Path bwrap, List<Path> hidden, Map<String, String> serverEnv) {
        this.bwrap = bwrap;
        this.hidden = hidden;
        Map<String, String> passed = new LinkedHashMap<>();
        passed.put("PATH", DEFAULT_PATH);
        serverEnv.forEach((name, value) -> {
            if (PASSED_ON.contains(name) || name.startsWith("LC_")) {
                passed.put(name, value);
            }
        });
        this.passedOn = Map.copyOf(passed);
    }

    /** Commands under {@code bwrap}; {@code hidden} are directories they see empty (those that do not exist are skipped). */
    public static Sandbox isolating(Path bwrap, Collection<Path> hidden, Map<String, String> serverEnv) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path path : hidden) {
            if (Files.isDirectory(path)) {
                Path resolved = path.toRealPath();
                if (resolved.getParent() == null) {
                    throw new IllegalArgumentException("cannot hide " + path + ": it is the root directory");
                }
                if (!real.contains(resolved)) {
                    real.add(resolved);
                }
            }
        }
        // a parent before its children: a hidden directory inside another is mounted over the empty one
        real.sort(Comparator.comparingInt(Path::getNameCount));
        return new Sandbox(bwrap, List.copyOf(real), serverEnv);
    }

    public static Sandbox unconfined(Map<String, String> serverEnv) {
        return new Sandbox(null, List.of(), serverEnv);
    }

    public boolean isolates() {
        return bwrap != null;
    }

    /** Starts {@code bash -c script} in the cell; its HOME and /tmp are created if missing. */
    public Spawned start(String script, Cell cell, Map<String, String> env, Redirect output) throws IOException {
        Files.createDirectories(cell.home());
        Files.createDirectories(cell.tmp());
        Map<String, String> variables = new LinkedHashMap<>(passedOn);
        variables.put("HOME", cell.home().toString());
        variables.put("TMPDIR", cell.tmp().toString());
        variables.putAll(env);
        List<String> command = new ArrayList<>(confinement(cell));
        if (output instanceof Redirect.ToFile file && !file.maskedVariables().isEmpty()) {
            if (!Files.isExecutable(OutputMask.PERL)) {
                throw new IOException("masking the output needs " + OutputMask.PERL + ": install the perl-base package");
            }
            variables.put(OutputMask.VARIABLE, String.join(" ", file.maskedVariables()));
            command.addAll(OutputMask.command(Spawner.BASH, script));
        } else {
            command.addAll(List.of(Spawner.BASH.toString(), "-c", script));
        }
        return Spawner.start(command, cell.dir(), variables, output);
    }

    /**
     * bwrap's options, in mount order: the host read-only; the cell's /tmp (before the rest, which may lie under
     * /tmp); the hidden paths emptied; the cell's directory writable again at its own path.
     */
    private List<String> confinement(Cell cell) throws IOException {
        if (bwrap == null) {
            return List.of();
        }
        String dir = cell.dir().toRealPath().toString();
        List<String> args = new ArrayList<>(List.of(bwrap.toString(), "--ro-bind", "/", "/",
                "--bind", cell.tmp().toRealPath().toString(), "/tmp", "--dev", "/dev", "--proc", "/proc"));
        for (Path path : hidden) {
            args.addAll(List.of("--tmpfs", path.toString()));
        }
        args.addAll(List.of("--bind", dir, dir, "--chdir", dir,
                "--unshare-pid", "--unshare-ipc", "--cap-drop", "ALL"));
        if (cell.lifetime() == Cell.Lifetime.ENDS_WITH_SERVER) {
            args.add("--die-with-parent");
        }
        args.add("--");
        return args;
    }

    /**
     * Checks that isolation works on this host: a command in a cell inside {@code hiddenDir} (one of the hidden
     * paths) must run, write in its cell, and not see a file next to the cell. Throws with bwrap's words otherwise.
     */
    public void probe(Path hiddenDir) throws IOException {
        Path cellDir = Files.createTempDirectory(hiddenDir, ".sandbox-probe-");
        Path marker = Files.createTempFile(hiddenDir, ".sandbox-probe-", ".marker");
        try {
            List<String> output = new CopyOnWriteArrayList<>();
            Spawned probe = start("if [ -e \"$PROBE_MARKER\" ]; then echo \"a hidden file is visible\"; exit 3; fi;"
                            + " echo confined > confined",
                    new Cell(cellDir, cellDir.resolve("home"), cellDir.resolve("tmp"), Cell.Lifetime.ENDS_WITH_SERVER),
                    Map.of("PROBE_MARKER", marker.toString()), new Redirect.ToLines(output::add));
            OptionalInt exit = probe.waitFor(PROBE_TIMEOUT);
            if (exit.isEmpty()) {
                ProcessTree.kill(probe.id(), Duration.ZERO);
                throw new IOException(bwrap + " did not finish within " + PROBE_TIMEOUT.toSeconds() + " s");
            }
            if (exit.getAsInt() != 0 || !Files.isRegularFile(cellDir.resolve("confined"))) {
                throw new IOException(bwrap + " exited with code " + exit.getAsInt()
                        + (output.isEmpty() ? "" : ": " + String.join(" / ", output)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing " + bwrap, e);
        } finally {
            Files.deleteIfExists(marker);
            deleteTree(cellDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

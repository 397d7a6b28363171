package dev.slipway.environment.local;

import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.process.Cell;
import dev.slipway.process.ProcessId;
import dev.slipway.process.ProcessTree;
import dev.slipway.process.Redirect;
import dev.slipway.process.Sandbox;
import dev.slipway.process.Spawned;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs deployments as processes on this host: the artifact is unpacked into the deployment's own directory and
 * service.command is started there, in the sandbox, with a private PORT; the router gives the environment its public
 * address. The service's output goes to its log file with its secrets masked as it is written.
 */
public final class LocalTarget implements DeployTarget, ServiceLogs {
    /** A deployment's directory or its digest file (not its log, which stays). */
    private static final Pattern PLACED = Pattern.compile("deployment-(\\d{1,18})(\\.digest)?");
    private final Path root;
    private final ArtifactStore artifacts;
    private final PortAllocator ports;
    private final Sandbox sandbox;
    private final HealthProbe probe = new HealthProbe();
    /** The processes this server started, by pid: only for these is an exit code known once they end. */
    private final Map<Long, Spawned> spawned = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether an app's artifact is a container image, which this target cannot run as a process. */
    private final java.util.function.BiPredicate<String, dev.slipway.artifact.Digest> isImage;

    /** This server's registry as engines reach it ({@code HOST:PORT}), for the refusal of an image. */
    private final String registry;

    public LocalTarget(Path root, ArtifactStore artifacts, PortAllocator ports, Sandbox sandbox) {
        this(root, artifacts, ports, sandbox, (app, digest) -> false, "HOST:PORT");
    }

    public LocalTarget(Path root, ArtifactStore artifacts, PortAllocator ports, Sandbox sandbox,
                       java.util.function.BiPredicate<String, dev.slipway.artifact.Digest> isImage, String registry) {
        this.isImage = isImage;
        this.registry = registry;
        this.root = root;
        this.artifacts = artifacts;
        this.ports = ports;
        this.sandbox = sandbox;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        Path dir = directory(start.app(), start.environment(), start.deployment());
        ArtifactStore.Unpacked unpacked = unpack(start, dir);
        return launch(start, dir, unpacked);
    }

    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        if (previous != null) {
            stop(previous, start.launch().stopGrace());
        }
        Path dir = directory(start.app(), start.environment(), start.deployment());
        ArtifactStore.Unpacked unpacked = Files.isDirectory(dir) ? () -> { } : unpack(start, dir);
        return launch(start, dir, unpacked);
    }

    /** Not flushed yet: {@link #launch} flushes it while the service starts. */
    private ArtifactStore.Unpacked unpack(Start start, Path dir) throws DeployFailedException {
        if (isImage.test(start.app(), start.digest())) {
            throw new DeployFailedException("artifact " + start.digest() + " is a container image, and this environment "
                    + "runs on this host's local target, which runs artifact tars as processes: images run on a Docker "
                    + "engine target, which this server does not have yet; the image is in Slipway's registry (docker pull "
                    + registry + "/" + start.app() + "@" + start.digest() + ")");
        }
        try {
            deleteTree(dir);
            Files.createDirectories(dir.getParent());
            ArtifactStore.Unpacked unpacked = artifacts.unpackUnflushed(start.digest(), dir);
            // beside the directory, out of the service's reach: what it runs, for as long as the directory is reused
            Files.writeString(digestFile(dir), start.digest().toString());
            return unpacked;
        } catch (ArtifactException e) {
            throw new DeployFailedException("cannot unpack artifact " + start.digest() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack artifact " + start.digest() + " into " + dir, e);
        }
    }

    /**
     * Starts the service, then flushes its unpacked files while it starts up: they must survive a crash before the
     * deployment can go live (a restart after a crash reuses the directory), not before the process starts.
     */
    private RunningService launch(Start start, Path dir, ArtifactStore.Unpacked unpacked) throws DeployFailedException {
        int port = ports.allocate();
        Map<String, String> env = new HashMap<>(start.env());
        env.put("PORT", Integer.toString(port));
        Path logFile = logFile(start.app(), start.environment(), start.deployment());
        Spawned process;
        try {
            // its own sandbox, not tied to this server: services are adopted after a restart; the pid recorded is
            // the sandbox's first process (bwrap), which lives as long as the service's command does
            process = sandbox.start(start.launch().command(), Cell.homeInDirectory(dir, Cell.Lifetime.OUTLIVES_SERVER),
                    env, new Redirect.ToFile(logFile, true, start.secretNames()));
        } catch (IOException e) {
            throw new DeployFailedException("cannot start `" + start.launch().command() + "`: " + e.getMessage());
        }
        RunningService service = new RunningService(process.id().pid(), process.id().startTicks(), port, dir.toString());
        spawned.put(service.pid(), process);
        try {
            start.spawned().accept(service);
            flush(unpacked, start, dir);
            probe.awaitHealthy(process, port, start.launch(), logFile);
        } catch (DeployFailedException | RuntimeException e) {
            ProcessTree.kill(process.id(), start.launch().stopGrace());
            spawned.remove(service.pid());
            throw e;
        }
        return service;
    }

    private static void flush(ArtifactStore.Unpacked unpacked, Start start, Path dir) {
        try {
            unpacked.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush artifact " + start.digest() + " unpacked into " + dir, e);
        }
    }

    @Override
    public boolean answersHealth(RunningService service, String path) {
        return dev.slipway.environment.HealthCheck.answers(dev.slipway.environment.Upstream.local(service.port()), path);
    }

    /** With the default grace: a service whose deployment is not known (its launch says how long it may take). */
    @Override
    public void stop(RunningService service) {
        stop(service, Launch.DEFAULT_STOP_GRACE);
    }

    /** SIGTERM to the service's whole tree, then SIGKILL to what is left once {@code grace} has passed. */
    @Override
    public void stop(RunningService service, Duration grace) {
        ProcessTree.kill(new ProcessId(service.pid(), service.startTicks()), grace);
        spawned.remove(service.pid());
    }

    @Override
    public java.util.OptionalInt exitCode(RunningService service) {
        Spawned process = spawned.get(service.pid());
        return process == null || !process.id().equals(new ProcessId(service.pid(), service.startTicks()))
                ? java.util.OptionalInt.empty() : process.exitCode();
    }

    @Override
    public boolean isAlive(RunningService service) {
        return new ProcessId(service.pid(), service.startTicks()).isAlive();
    }

    @Override
    public String address(RunningService service) {
        return "http://127.0.0.1:" + service.port();
    }

    /** As recorded when the directory was unpacked; empty for one unpacked before Slipway recorded it. */
    @Override
    public Optional<Digest> digest(RunningService service) {
        try {
            return Optional.of(Digest.parse(Files.readString(digestFile(Path.of(service.directory()))).strip()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // none recorded, or unreadable: it cannot tell
        }
    }

    @Override
    public void discard(String app, String environment, long deployment) {
        try {
            Path dir = directory(app, environment, deployment);
            deleteTree(dir);
            Files.deleteIfExists(digestFile(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each {@code <app>/<environment>/deployment-<id>} directory, and the digest file a crash may have left alone. */
    @Override
    public List<InPlace> inPlace() {
        List<InPlace> found = new ArrayList<>();
        try (var apps = Files.list(root)) {
            for (Path app : apps.filter(Files::isDirectory).toList()) {
                try (var environments = Files.list(app)) {
                    for (Path env : environments.filter(Files::isDirectory).toList()) {
                        deploymentsIn(env).forEach(id -> found.add(new InPlace(app.getFileName().toString(),
                                env.getFileName().toString(), id)));
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // nothing deployed yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the deployments in " + root, e);
        }
        return found;
    }

    private static SortedSet<Long> deploymentsIn(Path env) throws IOException {
        SortedSet<Long> ids = new TreeSet<>();
        try (var entries = Files.list(env)) {
            for (Path entry : entries.toList()) {
                Matcher m = PLACED.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ids;
    }

    /** Removes everything an environment has on disk (its deployments and logs). */
    @Override
    public void removeEnvironment(String app, String environment) {
        Path dir = root.resolve(app).resolve(environment);
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    @Override
    public Optional<Path> file(String app, String environment, long deployment) {
        return Optional.of(logFile(app, environment, deployment));
    }

    public Path logFile(String app, String environment, long deployment) {
        return root.resolve(app).resolve(environment).resolve("deployment-" + deployment + ".log");
    }

    /** The service's output file; undecodable bytes read as U+FFFD, since a service may print anything. */
    @Override
    public Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException {
        try {
            return Optional.of(new BufferedReader(new InputStreamReader(
                    Files.newInputStream(logFile(app, environment, deployment)), StandardCharsets.UTF_8)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // not started yet, or removed with its environment
        }
    }

    private Path directory(String app, String environment, long deployment) {
        return root.resolve(app).resolve(environment).resolve("deployment-" + deployment);
    }

    private static Path digestFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".digest");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

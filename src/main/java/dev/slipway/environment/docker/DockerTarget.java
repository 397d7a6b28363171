package dev.slipway.environment.docker;

import dev.slipway.target.docker.DockerEngine;
import static dev.slipway.environment.docker.ContainerLabels.APP;
import static dev.slipway.environment.docker.ContainerLabels.DEPLOYMENT;
import static dev.slipway.environment.docker.ContainerLabels.ENVIRONMENT;
import static dev.slipway.environment.docker.ContainerLabels.MASKED;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.HealthCheck;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.environment.local.HealthProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs deployments' container images on one Docker engine: the image is pulled by digest from Slipway's registry,
 * and runs as a container on the host network with the environment's variables and a private {@code PORT}, Docker's
 * restart policy {@code no} (Slipway's supervisor restarts), and labels saying whose it is — how a later server finds
 * it. The service is the image's own entrypoint and command, or {@code sh -c COMMAND} when the service names one;
 * it runs under the engine's init ({@code --init}), so a service that is PID 1 still gets SIGTERM's default (a
 * process without a handler ends) and its orphans are reaped.
 * Its output is copied into a log file per deployment on this host, secrets masked, which outlives the container.
 */
public final class DockerTarget implements DeployTarget, ServiceLogs, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerTarget.class);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    /** How long a stopped container's output may take to reach its log before the container is removed. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    private final String name;
    private final DockerEngine engine;
    private final DockerClient docker;
    private final Containers containers;
    private final PullCredential pull;
    private final PortAllocator ports;
    private final Path root;
    private final HealthProbe probe = new HealthProbe();
    /** The output copies this server started, by container id. */
    private final Map<String, ContainerOutput> outputs = new ConcurrentHashMap<>();

    /**
     * {@code root} is where deployments' logs are kept on this host ({@code APP/ENV/deployment-N.log}); {@code ports}
     * gives each container its {@code PORT} (on the host network, so the engine's host must have it free).
     */
    public DockerTarget(String name, DockerEngine engine, PullCredential pull, PortAllocator ports, Path root) {
        this.name = name;
        this.engine = engine;
        this.docker = engine.connect();
        this.containers = new Containers(docker);
        this.pull = pull;
        this.ports = ports;
        this.root = root;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        String image = pull.image(start.app(), start.digest());
        pullIfMissing(image, start);
        int port = ports.allocate();
        String container = create(image, start, port);
        Path dir = directory(start.app(), start.environment(), start.deployment());
        RunningService service = new RunningService(0, 0, port, dir.toString(), container);
        try {
            Files.createDirectories(dir); // the service's directory on this host: where verify steps run
        } catch (IOException e) {
            containers.forceRemove(container);
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        try {
            start.spawned().accept(service);
            docker.startContainerCmd(container).exec();
            follow(container, start);
            probe.awaitHealthy(port, start.launch(), watching(container, start));
        } catch (DeployFailedException | RuntimeException e) {
            remove(service, start.launch().stopGrace());
            if (e instanceof DockerException engine) {
                throw new DeployFailedException("Docker engine " + engine.getHttpStatus() + " starting container "
                        + ContainerLabels.name(start) + ": " + DockerEngine.message(engine));
            }
            throw e;
        }
        return service;
    }

    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        if (previous != null) {
            stop(previous, start.launch().stopGrace());
        }
        return start(start);
    }

    /** Pulls the image by digest unless the engine has it already (an image by digest never changes). */
    private void pullIfMissing(String image, Start start) throws DeployFailedException {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            start.log().accept("pulling " + image);
        }
        try {
            AuthConfig auth = new AuthConfig().withRegistryAddress(pull.registry()).withUsername(pull.user())
                    .withPassword(pull.token());
            boolean done = docker.pullImageCmd(pull.repository(start.app())).withTag(start.digest().toString())
                    .withAuthConfig(auth).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new DeployFailedException("pulling " + image + " took longer than " + PULL_TIMEOUT.toMinutes()
                        + " minutes");
            }
        } catch (DockerException | DockerClientException e) {
            throw new DeployFailedException("the Docker engine " + engine.host() + " cannot pull " + image + ": "
                    + DockerEngine.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailedException("interrupted while pulling " + image);
        }
    }

    /** Creates the container (not started), replacing one of the same name a crash may have left. */
    private String create(String image, Start start, int port) throws DeployFailedException {
        String containerName = ContainerLabels.name(start);
        containers.removeByName(containerName);
        Map<String, String> env = new LinkedHashMap<>(start.env());
        env.put("PORT", Integer.toString(port));
        int graceSeconds = seconds(start.launch().stopGrace());
        CreateContainerCmd create = docker.createContainerCmd(image).withName(containerName)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(ContainerLabels.of(start)).withStopTimeout(graceSeconds)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withInit(true)
                        .withRestartPolicy(RestartPolicy.noRestart()));
        String command = start.launch().command();
        if (command != null && !command.isBlank()) {
            create.withEntrypoint("/bin/sh", "-c").withCmd(command);
        }
        try {
            return create.exec().getId();
        } catch (DockerException e) {
            throw new DeployFailedException("the Docker engine " + engine.host() + " cannot create container "
                    + containerName + " from " + image + ": " + DockerEngine.message(e));
        }
    }

    private void follow(String container, Start start) {
        List<String> secrets = start.secretNames().stream().map(start.env()::get).filter(v -> v != null).toList();
        try {
            outputs.put(container, ContainerOutput.follow(docker, container,
                    logFile(start.app(), start.environment(), start.deployment()), secrets, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log of container " + container, e);
        }
    }

    private HealthProbe.Watched watching(String container, Start start) {
        Path log = logFile(start.app(), start.environment(), start.deployment());
        return new HealthProbe.Watched() {
            @Override
            public String what() {
                return "container " + ContainerLabels.name(start);
            }

            @Override
            public OptionalInt exited() {
                Optional<InspectContainerResponse.ContainerState> state = containers.state(container);
                if (state.isEmpty()) {
                    return OptionalInt.of(-1); // removed under our feet
                }
                return Boolean.TRUE.equals(state.get().getRunning()) ? OptionalInt.empty()
                        : OptionalInt.of(Containers.exitCodeOf(state.get()));
            }

            @Override
            public String tail() {
                ContainerOutput output = outputs.get(container);
                if (output != null && exited().isPresent()) {
                    output.awaitEnd(OUTPUT_DRAIN); // its last words, before they are quoted
                }
                return HealthProbe.tail(log);
            }
        };
    }

    @Override
    public void stop(RunningService service) {
        stop(service, Launch.DEFAULT_STOP_GRACE);
    }

    /** {@code docker stop -t GRACE}: SIGTERM (or the image's stop signal), SIGKILL after the grace; then removed. */
    @Override
    public void stop(RunningService service, Duration grace) {
        if (service.container() != null) {
            remove(service, grace);
        }
    }

    private void remove(RunningService service, Duration grace) {
        String container = service.container();
        try {
            docker.stopContainerCmd(container).withTimeout(seconds(grace)).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone
        }
        ContainerOutput output = outputs.remove(container);
        if (output != null) {
            output.awaitEnd(OUTPUT_DRAIN);
        }
        containers.forceRemove(container);
    }

    /**
     * Whether the container runs. One this server does not copy the output of yet (started by an earlier server) is
     * adopted here: its output is copied to its log again, from the second the log was last written (so a line or
     * two of that second may appear twice), masked by the names its {@link ContainerLabels#MASKED} label keeps.
     */
    @Override
    public boolean isAlive(RunningService service) {
        Optional<InspectContainerResponse> container = service.container() == null ? Optional.empty()
                : containers.inspect(service.container());
        boolean running = container.map(c -> Boolean.TRUE.equals(c.getState().getRunning())).orElse(false);
        if (running && !outputs.containsKey(service.container())) {
            adoptOutput(container.get());
        }
        return running;
    }

    private void adoptOutput(InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig().getLabels();
        if (labels == null || labels.get(APP) == null || labels.get(DEPLOYMENT) == null) {
            return; // not one of Slipway's
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : container.getConfig().getEnv()) {
            int eq = variable.indexOf('=');
            env.put(variable.substring(0, Math.max(eq, 0)), variable.substring(eq + 1));
        }
        List<String> secrets = List.of(labels.getOrDefault(MASKED, "").split(",")).stream().map(env::get)
                .filter(v -> v != null).toList();
        Path log = logFile(labels.get(APP), labels.get(ENVIRONMENT), Long.parseLong(labels.get(DEPLOYMENT)));
        try {
            int since = Files.exists(log) ? (int) Files.getLastModifiedTime(log).toInstant().getEpochSecond() : 0;
            outputs.computeIfAbsent(container.getId(), id -> {
                try {
                    return ContainerOutput.follow(docker, id, log, secrets, since);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot copy the output of adopted container {} to {}: {}", container.getId(), log, e.toString());
        }
    }

    /** The engine's answer to a ping, or why there is none. */
    @Override
    public Optional<String> unreachable() {
        try {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("Docker engine " + engine.host() + " does not answer: " + DockerEngine.message(e));
        }
    }

    /** Stops copying output (the containers keep running, for the next server to adopt) and closes the client. */
    @Override
    public void close() {
        outputs.values().forEach(ContainerOutput::detach);
        outputs.clear();
        try {
            docker.close();
        } catch (IOException e) {
            LOG.warn("cannot close the client of Docker engine {}: {}", engine.host(), e.toString());
        }
    }

    /** As the engine reports it, for any container it still has (also one an earlier server started). */
    @Override
    public OptionalInt exitCode(RunningService service) {
        if (service.container() == null) {
            return OptionalInt.empty();
        }
        return containers.state(service.container())
                .filter(s -> !Boolean.TRUE.equals(s.getRunning()) && s.getFinishedAt() != null
                        && !s.getFinishedAt().startsWith("0001-"))
                .map(s -> OptionalInt.of(Containers.exitCodeOf(s))).orElse(OptionalInt.empty());
    }

    @Override
    public boolean answersHealth(RunningService service, String path) {
        return HealthCheck.answers(upstreams(service).get(0), path);
    }

    /** The container on the engine's host network: the engine's host (127.0.0.1 for a local socket) and its PORT. */
    @Override
    public List<dev.slipway.environment.Upstream> upstreams(RunningService service) {
        return List.of(new dev.slipway.environment.Upstream(engine.serviceHost(), service.port()));
    }

    @Override
    public String address(RunningService service) {
        return "http://" + engine.serviceHost() + ":" + service.port();
    }

    /** The manifest digest the container's image was pulled by, from Slipway's registry; empty when it cannot tell. */
    @Override
    public Optional<Digest> digest(RunningService service) {
        Optional<InspectContainerResponse> container = service.container() == null ? Optional.empty()
                : containers.inspect(service.container());
        if (container.isEmpty()) {
            return Optional.empty();
        }
        String app = container.get().getConfig().getLabels() == null ? null
                : container.get().getConfig().getLabels().get(APP);
        List<String> repoDigests;
        try {
            repoDigests = docker.inspectImageCmd(container.get().getImageId()).exec().getRepoDigests();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String prefix = app == null ? null : pull.repository(app) + "@";
        return repoDigests == null || prefix == null ? Optional.empty() : repoDigests.stream()
                .filter(r -> r.startsWith(prefix)).map(r -> Digest.parse(r.substring(prefix.length()))).findFirst();
    }

    /** Removes the deployment's containers, found by their labels, and its directory; its log stays. */
    @Override
    public void discard(String app, String environment, long deployment) {
        for (Container c : containers.labelled(of(app, environment, deployment))) {
            containers.forceRemove(c.getId());
        }
        try {
            deleteTree(directory(app, environment, deployment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every deployment with a container (running or not) on the engine, found by Slipway's labels. */
    @Override
    public List<InPlace> inPlace() {
        List<InPlace> found = new ArrayList<>();
        for (Container c : containers.labelled(Map.of())) {
            Map<String, String> labels = c.getLabels();
            try {
                found.add(new InPlace(labels.get(APP), labels.get(ENVIRONMENT), Long.parseLong(labels.get(DEPLOYMENT))));
            } catch (NumberFormatException e) {
                // not one of ours after all: someone else's label
            }
        }
        return found.stream().distinct().toList();
    }

    /**
     * The deployment's container as the engine has it now, running or not, found by its labels: what a server that
     * lost (or never recorded) the handle adopts. Its port is read back from its {@code PORT} variable.
     */
    @Override
    public Optional<RunningService> find(String app, String environment, long deployment) {
        return containers.labelled(of(app, environment, deployment)).stream().findFirst()
                .flatMap(c -> containers.inspect(c.getId()))
                .map(c -> new RunningService(0, 0, Containers.portOf(c), directory(app, environment, deployment).toString(),
                        c.getId()));
    }

    private static Map<String, String> of(String app, String environment, long deployment) {
        return Map.of(APP, app, ENVIRONMENT, environment, DEPLOYMENT, Long.toString(deployment));
    }

    /** Removes the environment's containers and its logs. */
    @Override
    public void removeEnvironment(String app, String environment) {
        for (Container c : containers.labelled(Map.of(APP, app, ENVIRONMENT, environment))) {
            containers.forceRemove(c.getId());
        }
        try {
            deleteTree(root.resolve(app).resolve(environment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the logs of " + app + "/" + environment, e);
        }
    }

    @Override
    public Optional<Path> file(String app, String environment, long deployment) {
        return Optional.of(logFile(app, environment, deployment));
    }

    @Override
    public Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException {
        try {
            return Optional.of(new BufferedReader(new InputStreamReader(
                    Files.newInputStream(logFile(app, environment, deployment)), StandardCharsets.UTF_8)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public Path logFile(String app, String environment, long deployment) {
        return root.resolve(app).resolve(environment).resolve("deployment-" + deployment + ".log");
    }

    private Path directory(String app, String environment, long deployment) {
        return root.resolve(app).resolve(environment).resolve("deployment-" + deployment);
    }

    private static int seconds(Duration grace) {
        return (int) Math.max(0, (grace.toMillis() + 999) / 1000);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

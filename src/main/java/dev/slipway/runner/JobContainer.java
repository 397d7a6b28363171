package dev.slipway.runner;

import dev.slipway.target.docker.DockerEngine;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import dev.slipway.process.Cell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One job's container on an executor's engine: made from the job's {@code container:} image (pulled if the engine
 * lacks it), on the host network, with the job's variables, labelled with the job so a restarted server finds what
 * a crash left, and kept alive by an idle command while its steps run in it one exec at a time. Its only mount is
 * the job's workspace (local engines); a remote engine gets a copy of it instead, and gives it back.
 */
final class JobContainer {
    static final String APP = "dev.slipway.job.app";
    static final String RUN = "dev.slipway.job.run";
    static final String JOB = "dev.slipway.job.name";
    /** Runs until the container is removed: the steps are execs beside it. */
    private static final List<String> IDLE = List.of("tail", "-f", "/dev/null");
    /** A step as a local one runs ({@code bash -c}), or with {@code sh -c} in an image without bash. */
    private static final String SHELL = "if command -v bash >/dev/null 2>&1; then exec bash -c \"$1\"; "
            + "else exec sh -c \"$1\"; fi";

    private final DockerClient docker;
    private final String id;

    private JobContainer(DockerClient docker, String id) {
        this.docker = docker;
        this.id = id;
    }

    /** The labels of a job's container. */
    static Map<String, String> labels(String app, long run, String job) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, app);
        labels.put(RUN, Long.toString(run));
        labels.put(JOB, job);
        return labels;
    }

    /**
     * Creates (not starts) the container. {@code mount}: the workspace is bind-mounted at its own path (a local
     * engine), else it is made as an empty working directory, to be filled by {@link #copyIn}.
     */
    static JobContainer create(DockerClient docker, String image, Path workspace, boolean mount, String user,
                               Map<String, String> env, Map<String, String> labels) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host");
        if (mount) {
            host.withBinds(new Bind(workspace.toString(), new Volume(workspace.toString())));
        }
        String id = docker.createContainerCmd(image).withLabels(labels).withUser(user)
                .withWorkingDir(workspace.toString()).withEntrypoint(IDLE).withCmd(List.of())
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(host).exec().getId();
        return new JobContainer(docker, id);
    }

    /** Whether the engine has the image; if not, pulls it, waiting at most {@code timeout}. */
    static void ensureImage(DockerClient docker, String image, Duration timeout, Consumer<String> note)
            throws InterruptedException {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            note.accept("slipway: pulling " + image + " on the executor's engine");
            if (!pull(docker, image).exec(new PullImageResultCallback())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pulling " + image + " took longer than the job's timeout");
            }
        }
    }

    /** By tag or digest; a name alone means {@code :latest} (the engine would otherwise pull every tag). */
    private static com.github.dockerjava.api.command.PullImageCmd pull(DockerClient docker, String image) {
        if (image.contains("@")) {
            return docker.pullImageCmd(image);
        }
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        return docker.pullImageCmd(tagged ? image.substring(0, colon) : image)
                .withTag(tagged ? image.substring(colon + 1) : "latest");
    }

    String id() {
        return id;
    }

    /** Copies the workspace's contents into the container's working directory (a remote engine). */
    void copyIn(Path workspace) {
        docker.copyArchiveToContainerCmd(id).withHostResource(workspace.toString()).withDirChildrenOnly(true)
                .withRemotePath(workspace.toString()).exec();
    }

    /** Replaces the host's workspace with the container's (a remote engine), so passed files and artifacts work. */
    void copyOut(Path workspace) throws IOException {
        try (InputStream tar = docker.copyArchiveFromContainerCmd(id, workspace.toString()).exec()) {
            deleteContents(workspace);
            WorkspaceTar.unpack(tar, workspace);
        }
    }

    void start() {
        docker.startContainerCmd(id).exec();
    }

    /** A step running in the container: its exec and its output, which ends when the step does. */
    record Step(String execId, StepOutput output) {}

    /** Starts one step; its output goes to {@code lines} as it comes. */
    Step exec(String script, Consumer<String> lines) {
        String exec = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", SHELL, "slipway-step", script).exec().getId();
        return new Step(exec, docker.execStartCmd(exec).exec(new StepOutput(lines)));
    }

    /** The step's exit code once its exec ended; null when the engine does not know (the container is gone). */
    Integer exitCode(Step step) {
        try {
            Long code = docker.inspectExecCmd(step.execId()).exec().getExitCodeLong();
            return code == null ? null : code.intValue();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Kills what runs in the container (its steps end), leaving the container for {@link #remove}. */
    void kill() {
        try {
            docker.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException e) {
            // gone already, or not running
        }
    }

    /** Kills and removes the container and everything running in it; returns once it is gone. */
    void remove() {
        remove(docker, id);
    }

    static void remove(DockerClient docker, String container) {
        DockerEngine.forceRemove(docker, container);
    }


    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                deleteQuietly(entry);
            }
        }
    }

    /** A job's part that runs elsewhere (a container, a pod), given the job's own home and tmp with its cache in. */
    interface Body {
        JobExecutor.Outcome run(Cell cell) throws IOException;
    }

    /**
     * What every job run off this host has around it: a cancel before it starts ends it; its own home and tmp under
     * the workspace, the job's cache restored into that home and saved from it on success; a failure noted in the
     * job's log; the own directory removed at the end whatever happened.
     */
    static JobExecutor.Outcome inOwnCell(JobExecutor.Context context, Body body) {
        if (context.cancellation().isCancelled()) {
            return ended(context, new JobExecutor.Outcome(JobState.CANCELLED, null, "cancelled"));
        }
        Path own = context.workspace().resolve(LocalJobExecutor.OWN);
        Cell cell = new Cell(context.workspace(), own.resolve("home"), own.resolve("tmp"),
                Cell.Lifetime.ENDS_WITH_SERVER);
        try {
            Files.createDirectories(cell.home());
            Files.createDirectories(cell.tmp());
            context.cache().restore(cell.home(), context.workspace(), context.log());
        } catch (IOException e) {
            deleteQuietly(own);
            return ended(context, new JobExecutor.Outcome(JobState.ERRORED, null, "cannot restore the job's cache: "
                    + e.getMessage()));
        }
        try {
            JobExecutor.Outcome outcome = body.run(cell);
            if (outcome.state() == JobState.SUCCEEDED) {
                context.cache().save(cell.home(), context.workspace(), context.log()); // as the job left it
            }
            return outcome.state() == JobState.SUCCEEDED ? outcome : ended(context, outcome);
        } catch (IOException e) {
            return ended(context, new JobExecutor.Outcome(JobState.ERRORED, null, e.getMessage()));
        } finally {
            deleteQuietly(own);
        }
    }

    /** A job that did not succeed: why, noted in its log. */
    static JobExecutor.Outcome ended(JobExecutor.Context context, JobExecutor.Outcome outcome) {
        context.log().note("slipway: " + outcome.error());
        return outcome;
    }

    static void deleteQuietly(Path dir) {
        try {
            dev.slipway.Trees.delete(dir);
        } catch (java.io.UncheckedIOException e) {
            // a leftover for the workspaces' sweep
        }
    }
}

package dev.slipway.runner;

import dev.slipway.target.docker.DockerEngine;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of a job that says {@code container: IMAGE} in a container of that image on the executor's engine
 * ({@link JobEngines}), keeping the promises of a local job: the same variables, HOME and /tmp ({@value
 * LocalJobExecutor#OWN} in the workspace, so the declared caches are restored and saved exactly as for a local job),
 * each step announced and its output in the log line by line as it comes, the first failing step's exit code, one
 * timeout for all steps, and on timeout, cancel or the end the container killed and removed. A local engine gets the
 * workspace as its only mount; a remote one a copy, given back when every step succeeded (for artifacts, passed
 * files and caches). The engine's socket is never mounted nor named to the job.
 */
public final class ContainerJobExecutor implements JobExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerJobExecutor.class);

    private final JobEngines engines;
    private final Path keysRoot;

    /** {@code keysRoot}: where a TLS executor's client files are while its client is open. */
    public ContainerJobExecutor(JobEngines engines, Path keysRoot) {
        this.engines = engines;
        this.keysRoot = keysRoot;
    }

    @Override
    public Outcome execute(Context context) {
        String image = context.job().container().orElseThrow();
        Optional<JobEngine> engine = engines.forJobs();
        if (engine.isEmpty()) {
            return JobContainer.ended(context, new Outcome(JobState.FAILED, null, "job '" + context.job().name()
                    + "' runs in container " + image + ", but this server has no executor to run it on: an admin "
                    + "adds one with `slipway executor add NAME --docker unix:///var/run/docker.sock` (or "
                    + "--docker tcp://HOST:2376 --tls-ca ca.pem --tls-cert cert.pem --tls-key key.pem), or, to run such jobs as "
                    + "pods, `slipway executor add NAME --kubernetes --kubeconfig FILE --namespace NS`"));
        }
        return JobContainer.inOwnCell(context, cell -> onEngine(context, engine.get(), image, cell)); // container gone
    }

    private Outcome onEngine(Context context, JobEngine engine, String image, Cell cell) {
        Instant deadline = Instant.now().plus(context.job().timeout());
        try (EngineClient client = EngineClient.connect(engine, keysRoot)) {
            try {
                JobContainer.ensureImage(client.docker(), image, context.job().timeout(), context.log()::note);
            } catch (DockerException | IllegalStateException e) {
                return new Outcome(JobState.FAILED, null, "executor '" + engine.name() + "' cannot get image " + image
                        + ": " + DockerEngine.message(e));
            }
            return inContainer(context, client.docker(), engine, image, cell, deadline);
        } catch (IOException | RuntimeException e) {
            LOG.warn("job {} on executor {} errored", context.job().name(), engine, e);
            return new Outcome(JobState.ERRORED, null, "Slipway could not run the job on executor '" + engine.name()
                    + "' (" + engine.endpoint() + "): " + (e instanceof RuntimeException r ? DockerEngine.message(r)
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(JobState.ERRORED, null, "interrupted while job ran on executor '" + engine.name() + "'");
        }
    }

    private Outcome inContainer(Context context, DockerClient docker, JobEngine engine, String image, Cell cell,
                                Instant deadline) throws IOException, InterruptedException {
        Path workspace = context.workspace();
        JobContainer container = JobContainer.create(docker, image, workspace, engine.local(), owner(workspace),
                variables(context, cell), JobContainer.labels(context.run().app(), context.run().number(),
                        context.job().name()));
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable forget = context.cancellation().onCancel(() -> {
            cancelled.set(true);
            try {
                container.kill(); // the step ends; the job's own thread removes the container, once, as always
            } catch (RuntimeException e) {
                // the job's own thread ended first and removed it (and closed the client): nothing is left to kill
            }
        });
        try {
            if (!engine.local()) {
                container.copyIn(workspace);
            }
            container.start();
            context.log().note("slipway: running in container " + image + " on executor " + engine.name()
                    + (engine.local() ? "" : " (the workspace copied in)"));
            Outcome outcome = steps(context, container, deadline, cancelled);
            if (outcome.state() == JobState.SUCCEEDED && !engine.local()) {
                container.copyOut(workspace);
            }
            return outcome;
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                return new Outcome(JobState.CANCELLED, null, "cancelled");
            }
            throw e;
        } finally {
            forget.run();
            container.remove(); // whatever the outcome, nothing of the job runs on
        }
    }

    private Outcome steps(Context context, JobContainer container, Instant deadline, AtomicBoolean cancelled)
            throws InterruptedException {
        int number = 0;
        for (StepSpec step : context.job().steps()) {
            number++;
            context.log().note("$ " + step.run().replace("\n", "\n  "));
            JobContainer.Step running = container.exec(step.run(), context.log()::line);
            Duration left = Duration.between(Instant.now(), deadline);
            if (!running.output().awaitCompletion(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS)) {
                container.remove();
                return new Outcome(JobState.FAILED, null, "timed out after " + LocalJobExecutor.human(
                        context.job().timeout()) + " in step '" + step.name() + "'; its container was killed and "
                        + "removed (raise the job's `timeout:` if it needs longer)");
            }
            if (cancelled.get()) {
                return new Outcome(JobState.CANCELLED, null, "cancelled");
            }
            Integer exit = container.exitCode(running);
            if (exit == null) {
                return new Outcome(JobState.ERRORED, null, "the job's container ended while step " + number + " ran");
            }
            if (exit != 0) {
                return new Outcome(JobState.FAILED, exit, "step '" + step.name() + "' exited with code " + exit);
            }
        }
        return new Outcome(JobState.SUCCEEDED, 0, null);
    }

    /** As a local job's: the run's variables, HOME and TMPDIR in the workspace, the JVM's user.home there too. */
    private static Map<String, String> variables(Context context, Cell cell) {
        Map<String, String> env = new LinkedHashMap<>(context.env());
        env.put("HOME", cell.home().toString());
        env.put("TMPDIR", cell.tmp().toString());
        return LocalJobExecutor.withJavaHome(env, cell);
    }

    /** The container runs as the workspace's owner, so what it writes there stays the server's to read and remove. */
    private static String owner(Path workspace) throws IOException {
        return Files.getAttribute(workspace, "unix:uid") + ":" + Files.getAttribute(workspace, "unix:gid");
    }

    /**
     * At start-up, before any job runs: every container a job of an earlier server left on any executor (a crash
     * kills local jobs with the server; a container would run on) is killed and removed. Returns what it removed.
     */
    public List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>();
        for (JobEngine engine : engines.all()) {
            try (EngineClient client = EngineClient.connect(engine, keysRoot)) {
                client.docker().listContainersCmd().withShowAll(true).withLabelFilter(List.of(JobContainer.RUN))
                        .exec().forEach(c -> {
                            JobContainer.remove(client.docker(), c.getId());
                            removed.add(engine.name() + ":" + c.getLabels().get(JobContainer.APP) + " run "
                                    + c.getLabels().get(JobContainer.RUN) + " job " + c.getLabels().get(JobContainer.JOB));
                        });
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot look for job containers left on executor {}: {}", engine, e.toString());
            }
        }
        return removed;
    }
}

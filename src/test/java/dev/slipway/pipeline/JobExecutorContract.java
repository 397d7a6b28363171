package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link JobExecutor} promises, whatever runs the steps: the steps in order in the given workspace with
 * the given environment, each announced in the job's log before its output; the first failing step ends the job
 * with its exit code; the job's timeout covers all its steps; a cancel ends it CANCELLED; nothing it started runs on
 * after it, and nothing of the executor's own is left in the workspace. A subclass says how to write each kind of
 * step for its executor; isolation (what a step may see of the host) is the local executor's own test.
 */
public abstract class JobExecutorContract {
    protected static final Run RUN = new Run("app", 1, "main", "c0ffee", "7ree", "d1gest", "dev", RunState.RUNNING,
            null, null, null, Instant.EPOCH, Instant.EPOCH, null);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);
    /** What a step may have of the server's environment, besides HOME and TMPDIR of its own (see Sandbox). */
    private static final Set<String> PASSED_ON = Set.of("PATH", "LANG", "LANGUAGE", "TZ", "HOME", "TMPDIR", "PWD",
            "SHLVL", "OLDPWD", "_");

    @TempDir
    protected Path root;
    protected Path workspace;
    private LogStore logs;
    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    protected abstract JobExecutor executor();

    /** Command lines that print each of {@code lines} as a line of output. */
    protected abstract String printing(String... lines);

    /** Command lines that print {@code NAME=value} of the step's environment. */
    protected abstract String printingVariable(String name);

    /** Command lines that write {@code text} into {@code file}, relative to the step's working directory. */
    protected abstract String writing(String file, String text);

    protected abstract String exiting(int code);

    /** Command lines that take about {@code duration}. */
    protected abstract String waiting(Duration duration);

    /** Command lines that print {@code announce}, then wait for ever. */
    protected abstract String hanging(String announce);

    /** Command lines that leave processes marked {@code marker} running in the background, then print "started". */
    protected abstract String leavingInBackground(String marker);

    /** Whether a process marked {@code marker} runs. */
    protected abstract boolean alive(String marker);

    @BeforeEach
    void aWorkspaceWithAFileInIt() throws IOException {
        workspace = Files.createDirectories(root.resolve("data/work/app/1/build"));
        Files.writeString(workspace.resolve("mine.txt"), "OWN-WORKSPACE-CONTENT");
        logs = new LogStore(root.resolve("logs"), Clock.systemUTC());
    }

    @AfterEach
    void stopTheCaller() throws InterruptedException {
        caller.shutdownNow();
        assertThat(caller.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theStepsRunInOrderEachAnnouncedInTheLogBeforeItsOutput() {
        String first = printing("one", "two");
        String second = printing("three");

        JobExecutor.Outcome outcome = execute(job(first, second));

        assertThat(outcome).isEqualTo(new JobExecutor.Outcome(JobState.SUCCEEDED, 0, null));
        assertThat(log()).containsSubsequence(announced(first), "one", "two", announced(second), "three");
    }

    @Test
    void aStepGetsTheGivenEnvironmentAndWorksInTheWorkspaceAndLeavesOnlyWhatItWrote() throws IOException {
        JobExecutor.Outcome outcome = execute(job(printingVariable("SLIPWAY_APP") + "\n" + writing("made.txt", "MADE")));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(log()).contains("SLIPWAY_APP=app");
        assertThat(workspace.resolve("made.txt")).hasContent("MADE");
        try (Stream<Path> left = Files.list(workspace)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mine.txt", "made.txt");
        }
    }

    @Test
    void aStepSeesNothingOfTheServersEnvironment() {
        String serverOnly = System.getenv().keySet().stream()
                .filter(name -> name.matches("[A-Z][A-Z0-9_]*") && !PASSED_ON.contains(name) && !name.startsWith("LC_")
                        && !System.getenv(name).isEmpty())
                .sorted().findFirst().orElseThrow(() -> new AssertionError("the test needs a variable of its own"));

        JobExecutor.Outcome outcome = execute(job(printingVariable(serverOnly)));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(log()).contains(serverOnly + "=").doesNotContain(serverOnly + "=" + System.getenv(serverOnly));
    }

    @Test
    void theFirstFailingStepEndsTheJobFailedWithItsExitCodeAndTheLaterStepsDoNotRun() {
        String failing = printing("before") + "\n" + exiting(3) + "\n" + printing("not reached");
        String later = printing("after");

        JobExecutor.Outcome outcome = execute(job(failing, later));

        String error = "step '" + StepSpec.of(failing).name() + "' exited with code 3";
        assertThat(outcome).isEqualTo(new JobExecutor.Outcome(JobState.FAILED, 3, error));
        assertThat(log()).contains("before").doesNotContain("not reached", "after", announced(later))
                .last().isEqualTo("slipway: " + error);
    }

    @Test
    void theJobsTimeoutCoversAllItsStepsTogether() {
        String first = waiting(Duration.ofMillis(1500));
        String second = waiting(Duration.ofMillis(1500)) + "\n" + printing("not reached");
        Instant start = Instant.now();

        JobExecutor.Outcome outcome = execute(job(Duration.ofMillis(2500), first, second, printing("after")));

        assertThat(Duration.between(start, Instant.now())).isLessThan(PROMPTLY);
        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.error()).startsWith("timed out after 2500ms in step '" + StepSpec.of(second).name() + "'");
        assertThat(log()).doesNotContain("not reached", "after").last().isEqualTo("slipway: " + outcome.error());
    }

    @Test
    void aCancelWhileAStepRunsEndsTheJobCancelledAndTheLaterStepsDoNotRun() {
        Cancellation cancellation = new Cancellation();
        String later = printing("after");
        CompletableFuture<JobExecutor.Outcome> running = executeAsync(job(hanging("waiting"), later), cancellation);
        await().atMost(PROMPTLY).until(() -> log().contains("waiting"));

        cancellation.cancel();

        JobExecutor.Outcome outcome = running.orTimeout(PROMPTLY.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(outcome.state()).isEqualTo(JobState.CANCELLED);
        assertThat(outcome.error()).isEqualTo("cancelled");
        assertThat(log()).doesNotContain("after", announced(later)).last().isEqualTo("slipway: cancelled");
    }

    @Test
    void aJobCancelledBeforeItStartsEndsCancelledWithoutItsLaterSteps() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        JobExecutor.Outcome outcome = execute(job(hanging("waiting"), writing("later.txt", "LATER")), cancellation);

        assertThat(outcome.state()).isEqualTo(JobState.CANCELLED);
        assertThat(workspace.resolve("later.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "a job whose step exits {0}")
    @ValueSource(ints = {0, 1})
    void nothingAJobLeftInTheBackgroundOutlivesItWhateverItsOutcome(int exitCode) {
        String marker = marker();

        JobExecutor.Outcome outcome = execute(job(leavingInBackground(marker) + "\n" + exiting(exitCode)));

        assertThat(outcome.state()).isEqualTo(exitCode == 0 ? JobState.SUCCEEDED : JobState.FAILED);
        assertThat(log()).contains("started");
        assertThat(alive(marker)).as("a process left by the job").isFalse();
    }

    @Test
    void nothingACancelledJobLeftInTheBackgroundOutlivesIt() {
        String marker = marker();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<JobExecutor.Outcome> running = executeAsync(
                job(leavingInBackground(marker) + "\n" + hanging("waiting")), cancellation);
        await().atMost(PROMPTLY).until(() -> log().contains("waiting"));
        assertThat(alive(marker)).as("the job's background process, while the job runs").isTrue();

        cancellation.cancel();

        assertThat(running.orTimeout(PROMPTLY.toSeconds(), TimeUnit.SECONDS).join().state()).isEqualTo(JobState.CANCELLED);
        assertThat(alive(marker)).as("a process left by the job").isFalse();
    }

    @Test
    void nothingATimedOutJobLeftInTheBackgroundOutlivesIt() {
        String marker = marker();

        JobExecutor.Outcome outcome = execute(job(Duration.ofSeconds(3), leavingInBackground(marker) + "\n" + hanging("waiting")));

        assertThat(outcome.error()).startsWith("timed out after ");
        assertThat(log()).contains("started");
        assertThat(alive(marker)).as("a process left by the job").isFalse();
    }

    protected static JobSpec job(String... steps) {
        return job(Duration.ofMinutes(1), steps);
    }

    protected static JobSpec job(Duration timeout, String... steps) {
        return new JobSpec("build", Arrays.stream(steps).map(StepSpec::of).toList(), timeout, List.of());
    }

    protected JobExecutor.Outcome execute(JobSpec job) {
        return execute(job, new Cancellation());
    }

    protected JobExecutor.Outcome execute(JobSpec job, Cancellation cancellation) {
        try (LogStore.Writer log = logs.open("app", 1, 0, job.name())) {
            return executor().execute(new JobExecutor.Context(RUN, new StageSpec("build", List.of(job)), job, workspace,
                    Map.of("SLIPWAY_APP", "app", "SLIPWAY_WORKSPACE", workspace.toString()), log, cancellation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<JobExecutor.Outcome> executeAsync(JobSpec job, Cancellation cancellation) {
        return CompletableFuture.supplyAsync(() -> execute(job, cancellation), caller);
    }

    /** The job's log, a line each, without the time stamps. */
    protected List<String> log() {
        try {
            Path file = logs.file("app", 1, 0, "build");
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of a step's announcement in the log. */
    private static String announced(String step) {
        return "$ " + step.lines().findFirst().orElseThrow();
    }

    /** A number no other process on the machine has in its command line. */
    protected static String marker() {
        return "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }
}

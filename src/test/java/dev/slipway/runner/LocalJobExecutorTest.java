package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.Cancellation;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobSpec;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.StageSpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.Sandbox;
import dev.slipway.process.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job's steps as a hostile developer would write them, run by the executor the server uses: they cannot read the
 * server's data directory, another app's workspace or deployment, the server's environment or its user's HOME; they
 * get an allow-listed environment and a HOME of their own; nothing they start outlives the job.
 */
class LocalJobExecutorTest {
    private static final Run RUN = new Run("app", 1, "main", "c0ffee", "7ree", "d1gest", "dev", RunState.RUNNING,
            null, null, null, Instant.EPOCH, Instant.EPOCH, null);

    @TempDir
    Path root;
    private Path data;
    private Path serverHome;
    private Path workspace;
    private LogStore logs;
    private final List<ProcessHandle> strays = new java.util.ArrayList<>();

    @BeforeEach
    void aServerDataDirectoryWithSecretsAndOtherAppsInIt() throws IOException {
        data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("admin.token"), "ADMIN-TOKEN-CONTENT\n");
        Files.writeString(data.resolve("secret.key"), "SECRET-KEY-CONTENT\n");
        Files.writeString(data.resolve("slipway.db"), "DATABASE-CONTENT\n");
        Files.writeString(Files.createDirectories(data.resolve("work/other/1/build")).resolve("victim.txt"),
                "OTHER-WORKSPACE-CONTENT\n");
        Files.writeString(Files.createDirectories(data.resolve("environments/other/production/deployment-1"))
                .resolve("victim.txt"), "OTHER-DEPLOYMENT-CONTENT\n");
        serverHome = Files.createDirectories(root.resolve("server-home"));
        Files.writeString(serverHome.resolve(".git-credentials"), "https://admin:GIT-CREDENTIALS-CONTENT@example.com\n");
        workspace = Files.createDirectories(data.resolve("work/app/1/build"));
        Files.writeString(workspace.resolve("mine.txt"), "OWN-WORKSPACE-CONTENT");
        logs = new LogStore(root.resolve("logs"), Clock.systemUTC());
    }

    @AfterEach
    void leaveNothingRunning() {
        strays.forEach(ProcessHandle::destroyForcibly);
    }

    private JobExecutor.Outcome run(String... steps) throws IOException {
        return run(TestSandbox.hiding(data, serverHome), steps);
    }

    private JobExecutor.Outcome run(Sandbox sandbox, String... steps) throws IOException {
        JobSpec job = new JobSpec("build", Arrays.stream(steps).map(StepSpec::of).toList(), Duration.ofMinutes(1), List.of());
        try (LogStore.Writer log = logs.open("app", 1, 0, "build")) {
            return new LocalJobExecutor(sandbox).execute(new JobExecutor.Context(RUN, new StageSpec("build", List.of(job)), job, workspace,
                    Map.of("SLIPWAY_APP", "app", "SLIPWAY_WORKSPACE", workspace.toString()), log, new Cancellation()));
        }
    }

    private String log() throws IOException {
        return Files.readString(logs.file("app", 1, 0, "build"));
    }

    /** A step that tries to read each file and says, per file, whether it could. */
    private static String tryToRead(List<Path> files) {
        return files.stream().map(f -> "if cat '" + f + "'; then echo \"READ " + f + "\"; else echo \"DENIED " + f + "\"; fi")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aStepCannotReadTheServersSecretsOtherAppsTheServersEnvironmentOrItsHome() throws IOException {
        List<Path> forbidden = List.of(data.resolve("admin.token"), data.resolve("secret.key"), data.resolve("slipway.db"),
                data.resolve("work/other/1/build/victim.txt"),
                data.resolve("environments/other/production/deployment-1/victim.txt"),
                Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "environ"),
                serverHome.resolve(".git-credentials"));

        JobExecutor.Outcome outcome = run(tryToRead(forbidden) + "\ncat mine.txt");

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        String log = log();
        assertThat(log).contains("OWN-WORKSPACE-CONTENT");
        for (Path file : forbidden) {
            // "Z " ends the time stamp of an output line; the echoed step holds the same words between quotes
            assertThat(log).as(log).contains("Z DENIED " + file + "\n").doesNotContain("Z READ " + file + "\n");
        }
        assertThat(log).doesNotContain("ADMIN-TOKEN-CONTENT", "SECRET-KEY-CONTENT", "DATABASE-CONTENT",
                "OTHER-WORKSPACE-CONTENT", "OTHER-DEPLOYMENT-CONTENT", "GIT-CREDENTIALS-CONTENT");
    }

    @Test
    void aStepSeesOnlyItsOwnVariablesAndHasAnEmptyHomeOfItsOwnInsideItsWorkspace() throws IOException {
        JobExecutor.Outcome outcome = run("env | cut -d= -f1 | sed 's/^/VAR /'", "echo \"HOME=$HOME\"; ls -A \"$HOME\" | wc -l",
                "touch \"$HOME/written\" && echo home is writable");

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        String log = log();
        Set<String> names = log.lines().filter(l -> l.contains(" VAR ")).map(l -> l.substring(l.indexOf(" VAR ") + 5))
                .collect(Collectors.toSet());
        Set<String> allowed = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ", "SLIPWAY_APP", "SLIPWAY_WORKSPACE",
                // set by bash itself
                "PWD", "SHLVL", "_", "OLDPWD");
        assertThat(names).contains("PATH", "HOME", "SLIPWAY_APP")
                .allMatch(name -> allowed.contains(name) || name.startsWith("LC_"), "an allowed variable");
        String home = log.lines().filter(l -> l.contains(" HOME=")).findFirst().orElseThrow();
        assertThat(home.substring(home.indexOf(" HOME=") + 6)).startsWith(workspace.toString() + "/");
        assertThat(log).contains(" 0\n").contains("home is writable");
    }

    /** Each way a step may leave a process behind; the marker (sleep's argument) finds it from outside. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1"})
    void nothingAStepStartedOutlivesTheJobWhateverItsOutcome(String exitCode) throws IOException {
        String marker = "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        JobExecutor.Outcome outcome = run("""
                sleep %1$s1 &
                nohup sleep %1$s2 > /dev/null 2>&1 &
                setsid sleep %1$s3 &
                ( ( setsid sleep %1$s4 & ) & )
                ( trap '' TERM; exec sleep %1$s5 ) &
                for i in $(seq 100); do [ "$(pgrep -fc 'sleep %1$s')" -ge 5 ] && break; sleep 0.05; done
                echo started; exit %2$s
                """.formatted(marker, exitCode));

        assertThat(outcome.state()).isEqualTo(exitCode.equals("0") ? JobState.SUCCEEDED : JobState.FAILED);
        assertThat(log()).contains("started");
        assertThat(processesWith(marker)).as("processes left by the job").isEmpty();
    }

    /** --no-isolation: a sweep of the step's group and session; processes that left its session are the limit. */
    @Test
    void unconfinedTheStepsGroupAndSessionAreSweptButWhatLeftTheSessionIsNot() throws IOException {
        String marker = "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        JobExecutor.Outcome outcome = run(Sandbox.unconfined(System.getenv()), """
                sleep %1$s1 &
                nohup sleep %1$s2 > /dev/null 2>&1 &
                ( trap '' TERM; exec sleep %1$s5 ) &
                setsid sleep %1$s3 &
                for i in $(seq 100); do [ "$(pgrep -fc 'sleep %1$s')" -ge 4 ] && break; sleep 0.05; done
                """.formatted(marker));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(processesWith(marker)).extracting(h -> h.info().commandLine().orElse(""))
                .containsExactly("/usr/bin/sleep " + marker + "3");
    }

    @Test
    void theJobsHomeAndTmpAreGoneAfterItsLastStepSoTheyNeverReachTheArtifact() throws IOException {
        run("echo cached > \"$HOME/cache\"; echo scratch > /tmp/scratch; echo \"TMPDIR=$TMPDIR\"");

        assertThat(workspace.resolve(LocalJobExecutor.OWN)).doesNotExist();
        assertThat(workspace.resolve("mine.txt")).exists();
        assertThat(log()).contains("TMPDIR=" + workspace.toRealPath().resolve(LocalJobExecutor.OWN));
    }

    private List<ProcessHandle> processesWith(String marker) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").endsWith("/sleep")
                        && h.info().commandLine().orElse("").contains(marker)).toList();
        strays.addAll(found);
        return found;
    }
}

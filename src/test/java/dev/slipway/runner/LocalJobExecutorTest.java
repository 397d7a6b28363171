package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobExecutorContract;
import dev.slipway.pipeline.JobState;
import dev.slipway.process.Sandbox;
import dev.slipway.process.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor the server uses, isolating as CI runs it, against the executors' contract; and a job's steps as a
 * hostile developer would write them: they cannot read the server's data directory, another app's workspace or
 * deployment, the server's environment or its user's HOME; they get an allow-listed environment and a HOME of their
 * own; nothing they start outlives the job.
 */
class LocalJobExecutorTest extends JobExecutorContract {
    private Path data;
    private Path serverHome;
    private Sandbox sandbox;
    private final List<ProcessHandle> strays = new ArrayList<>();

    @BeforeEach
    void aServerDataDirectoryWithSecretsAndOtherAppsInIt() throws IOException {
        data = root.resolve("data");
        Files.writeString(data.resolve("admin.token"), "ADMIN-TOKEN-CONTENT\n");
        Files.writeString(data.resolve("secret.key"), "SECRET-KEY-CONTENT\n");
        Files.writeString(data.resolve("slipway.db"), "DATABASE-CONTENT\n");
        Files.writeString(Files.createDirectories(data.resolve("work/other/1/build")).resolve("victim.txt"),
                "OTHER-WORKSPACE-CONTENT\n");
        Files.writeString(Files.createDirectories(data.resolve("environments/other/production/deployment-1"))
                .resolve("victim.txt"), "OTHER-DEPLOYMENT-CONTENT\n");
        serverHome = Files.createDirectories(root.resolve("server-home"));
        Files.writeString(serverHome.resolve(".git-credentials"), "https://admin:GIT-CREDENTIALS-CONTENT@example.com\n");
        sandbox = TestSandbox.hiding(data, serverHome);
    }

    @AfterEach
    void leaveNothingRunning() {
        strays.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    protected JobExecutor executor() {
        return new LocalJobExecutor(sandbox);
    }

    @Override
    protected String printing(String... lines) {
        return Arrays.stream(lines).map(l -> "echo '" + l + "'").collect(Collectors.joining("\n"));
    }

    @Override
    protected String printingVariable(String name) {
        return "echo \"" + name + "=$" + name + "\"";
    }

    @Override
    protected String writing(String file, String text) {
        return "printf '%s' '" + text + "' > '" + file + "'";
    }

    @Override
    protected String exiting(int code) {
        return "exit " + code;
    }

    @Override
    protected String waiting(Duration duration) {
        return "sleep " + duration.toMillis() / 1000.0;
    }

    @Override
    protected String hanging(String announce) {
        return "echo '" + announce + "'\nsleep 600";
    }

    /** Each way a step may leave a process behind; the marker (sleep's argument) finds it from outside. */
    @Override
    protected String leavingInBackground(String marker) {
        return """
                sleep %1$s1 &
                nohup sleep %1$s2 > /dev/null 2>&1 &
                setsid sleep %1$s3 &
                ( ( setsid sleep %1$s4 & ) & )
                ( trap '' TERM; exec sleep %1$s5 ) &
                for i in $(seq 100); do [ "$(pgrep -fc 'sleep %1$s')" -ge 5 ] && break; sleep 0.05; done
                echo started""".formatted(marker);
    }

    @Override
    protected boolean alive(String marker) {
        return !processesWith(marker).isEmpty();
    }

    /** A step that tries to read each file and says, per file, whether it could. */
    private static String tryToRead(List<Path> files) {
        return files.stream().map(f -> "if cat '" + f + "'; then echo \"READ " + f + "\"; else echo \"DENIED " + f + "\"; fi")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aStepCannotReadTheServersSecretsOtherAppsTheServersEnvironmentOrItsHome() {
        List<Path> forbidden = List.of(data.resolve("admin.token"), data.resolve("secret.key"), data.resolve("slipway.db"),
                data.resolve("work/other/1/build/victim.txt"),
                data.resolve("environments/other/production/deployment-1/victim.txt"),
                Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "environ"),
                serverHome.resolve(".git-credentials"));

        JobExecutor.Outcome outcome = execute(job(tryToRead(forbidden) + "\ncat mine.txt"));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        List<String> log = log();
        assertThat(log).contains("OWN-WORKSPACE-CONTENT");
        for (Path file : forbidden) {
            assertThat(log).contains("DENIED " + file).doesNotContain("READ " + file);
        }
        assertThat(String.join("\n", log)).doesNotContain("ADMIN-TOKEN-CONTENT", "SECRET-KEY-CONTENT",
                "DATABASE-CONTENT", "OTHER-WORKSPACE-CONTENT", "OTHER-DEPLOYMENT-CONTENT", "GIT-CREDENTIALS-CONTENT");
    }

    @Test
    void aStepSeesOnlyItsOwnVariablesAndHasAnEmptyHomeOfItsOwnInsideItsWorkspace() {
        JobExecutor.Outcome outcome = execute(job("env | cut -d= -f1 | sed 's/^/VAR /'",
                "echo \"HOME=$HOME\"; ls -A \"$HOME\" | wc -l", "touch \"$HOME/written\" && echo home is writable"));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        List<String> log = log();
        Set<String> names = log.stream().filter(l -> l.startsWith("VAR ")).map(l -> l.substring(4))
                .collect(Collectors.toSet());
        Set<String> allowed = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ", "SLIPWAY_APP", "SLIPWAY_WORKSPACE",
                // a JVM's user.home is the job's HOME (LocalJobExecutor.withJavaHome)
                "JAVA_TOOL_OPTIONS",
                // set by bash itself
                "PWD", "SHLVL", "_", "OLDPWD");
        assertThat(names).contains("PATH", "HOME", "SLIPWAY_APP")
                .allMatch(name -> allowed.contains(name) || name.startsWith("LC_"), "an allowed variable");
        String home = log.stream().filter(l -> l.startsWith("HOME=")).findFirst().orElseThrow();
        assertThat(home.substring(5)).startsWith(workspace.toString() + "/");
        assertThat(log).contains("0", "home is writable");
    }

    /** --no-isolation: a sweep of the step's group and session; processes that left its session are the limit. */
    @Test
    void unconfinedTheStepsGroupAndSessionAreSweptButWhatLeftTheSessionIsNot() {
        String marker = marker();
        sandbox = Sandbox.unconfined(System.getenv());

        JobExecutor.Outcome outcome = execute(job("""
                sleep %1$s1 &
                nohup sleep %1$s2 > /dev/null 2>&1 &
                ( trap '' TERM; exec sleep %1$s5 ) &
                setsid sleep %1$s3 &
                for i in $(seq 100); do [ "$(pgrep -fc 'sleep %1$s')" -ge 4 ] && break; sleep 0.05; done
                """.formatted(marker)));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(processesWith(marker)).extracting(h -> h.info().commandLine().orElse(""))
                .containsExactly("/usr/bin/sleep " + marker + "3");
    }

    @Test
    void theJobsHomeAndTmpAreGoneAfterItsLastStepSoTheyNeverReachTheArtifact() throws IOException {
        execute(job("echo cached > \"$HOME/cache\"; echo scratch > /tmp/scratch; echo \"TMPDIR=$TMPDIR\""));

        assertThat(workspace.resolve(LocalJobExecutor.OWN)).doesNotExist();
        assertThat(workspace.resolve("mine.txt")).exists();
        assertThat(String.join("\n", log())).contains("TMPDIR=" + workspace.toRealPath().resolve(LocalJobExecutor.OWN));
    }

    private List<ProcessHandle> processesWith(String marker) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").endsWith("/sleep")
                        && h.info().commandLine().orElse("").contains(marker)).toList();
        strays.addAll(found);
        return found;
    }
}

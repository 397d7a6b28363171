package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessSpawnerTest {

    @TempDir
    Path dir;

    private ProcessTestSupport processes;

    @BeforeEach
    void setUp() {
        processes = new ProcessTestSupport(dir);
    }

    @AfterEach
    void leaveNoProcessBehind() {
        processes.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "exit 0               | 0",
        "exit 3               | 3",
        "exit 255             | 255",
        "false                | 1",
        "no-such-command-here | 127",
        "kill -TERM $$        | 143",
        "kill -KILL $$        | 137",
    })
    void reportsTheExitCodeOr128PlusTheSignal(String script, int expected) throws Exception {
        Spawned spawned = processes.start(script, ProcessTestSupport.lines());

        assertThat(spawned.waitFor()).isEqualTo(expected);
        assertThat(spawned.isAlive()).isFalse();
    }

    @Test
    void passesExactlyTheGivenVariablesNothingOfTheServersAndRunsInTheDirectory() throws Exception {
        // The JVM encodes environment values with the locale's charset: surefire runs the tests under C.UTF-8.
        assertThat(System.getenv("HOME")).as("the test JVM has a HOME").isNotBlank();
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("echo \"$GREETING|$UNICODE|$PWD|[$HOME]\"",
                Map.of("GREETING", "hello world", "UNICODE", "grüße"), new Redirect.ToLines(lines::add));

        assertThat(spawned.waitFor()).isZero();
        assertThat(lines).containsExactly("hello world|grüße|" + dir.toRealPath() + "|[]");
    }

    @Test
    void stdinIsEmptyAndStderrIsMergedIntoStdout() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("cat; echo out; echo err >&2; echo out-again", lines);

        assertThat(spawned.waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(0));
        assertThat(lines).containsExactly("out", "err", "out-again");
    }

    @Test
    void deliversEveryLineInOrderIncludingAFinalUnterminatedOne() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("for i in $(seq 1 20000); do echo \"line $i\"; done; printf 'crlf\\r\\n\\nlast without newline'", lines);

        assertThat(spawned.waitFor()).isZero();
        List<String> expected = new java.util.ArrayList<>(IntStream.rangeClosed(1, 20000).mapToObj(i -> "line " + i).toList());
        expected.addAll(List.of("crlf", "", "last without newline"));
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void waitForDoesNotWaitForABackgroundChildThatKeepsTheOutputOpen() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("sleep 300 & echo \"pid $!\"; printf done", lines);

        assertThat(spawned.waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(0));
        assertThat(lines).hasSize(2).endsWith("done");
        processes.track(Long.parseLong(lines.get(0).split(" ")[1]));
    }

    @Test
    void waitForWithATimeoutIsEmptyWhileTheScriptRuns() throws Exception {
        Spawned spawned = processes.start("sleep 300", ProcessTestSupport.lines());

        assertThat(spawned.waitFor(Duration.ofMillis(100))).isEmpty();
        assertThat(spawned.isAlive()).isTrue();
    }

    @Test
    void aFailingSinkDoesNotStopTheScript() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("for i in $(seq 1 5000); do echo \"line $i\"; done", Map.of(), new Redirect.ToLines(line -> {
            lines.add(line);
            throw new IllegalStateException("sink is broken");
        }));

        assertThat(spawned.waitFor(Duration.ofSeconds(30))).isEqualTo(OptionalInt.of(0));
        assertThat(lines).hasSize(5000);
    }

    @Test
    void writesOutputToAFileOrAppendsToIt() throws Exception {
        Path log = dir.resolve("service.log");

        assertThat(processes.start("echo first; echo oops >&2", Map.of(), new Redirect.ToFile(log, false)).waitFor()).isZero();
        assertThat(processes.start("echo second", Map.of(), new Redirect.ToFile(log, true)).waitFor()).isZero();
        assertThat(log).hasContent("first\noops\nsecond\n");

        assertThat(processes.start("echo replaced", Map.of(), new Redirect.ToFile(log, false)).waitFor()).isZero();
        assertThat(Files.readString(log)).isEqualTo("replaced\n");
    }

    @Test
    void theIdOfAFinishedProcessIsNotAlive() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("echo started", lines);
        ProcessId id = spawned.id();

        assertThat(spawned.waitFor()).isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> !id.isAlive());
        assertThat(spawned.isAlive()).isFalse();
    }
}

package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessIdTest {

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

    @Test
    void identifiesALiveProcessByPidAndStartTime() {
        ProcessId self = ProcessId.of(ProcessHandle.current().pid()).orElseThrow();

        assertThat(self.isAlive()).isTrue();
        assertThat(self.startTicks()).isPositive();
        assertThat(new ProcessId(self.pid(), self.startTicks() + 1).isAlive()).as("same pid, other start: a recycled pid").isFalse();
    }

    @Test
    void aPidThatNoProcessHoldsIsGone() throws Exception {
        Spawned spawned = processes.start("exit 0", ProcessTestSupport.lines());
        spawned.waitFor();

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessId.of(spawned.id().pid()).isEmpty()
                || !ProcessId.of(spawned.id().pid()).orElseThrow().equals(spawned.id()));
        assertThat(spawned.id().isAlive()).isFalse();
    }

    @Test
    void aZombieIsNotAlive() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        // After the exec, nothing waits for the background child, so it stays a zombie when it exits.
        processes.start("sleep 0.5 & echo \"pid $!\"; exec sleep 300", lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
        long zombie = Long.parseLong(lines.get(0).split(" ")[1]);

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcStat.read(zombie).map(ProcStat::state).orElse('?') == 'Z');
        ProcessId id = ProcessId.of(zombie).orElseThrow();
        assertThat(id.isAlive()).isFalse();
    }

    @Test
    void refusesANonPositivePid() {
        assertThatThrownBy(() -> new ProcessId(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4242 (sleep) S 1 4242 4242 0 -1 4194560 95 0 0 0 0 0 0 0 20 0 1 0 123456 8265728 128 18446744073709551615 | sleep",
        "4242 (a) (b)) S 1 4242 4242 0 -1 4194560 95 0 0 0 0 0 0 0 20 0 1 0 123456 8265728 128 18446744073709551615 | odd name",
        "4242 (x y z) S 1 4242 4242 0 -1 4194560 95 0 0 0 0 0 0 0 20 0 1 0 123456 8265728 128 18446744073709551615 | spaces",
    })
    void parsesStatFieldsAfterTheLastParenthesis(String stat, String why) {
        ProcStat parsed = ProcStat.parse(4242, stat);

        assertThat(parsed).as(why).isEqualTo(new ProcStat(4242, 'S', 1, 4242, 4242, 123456));
    }
}

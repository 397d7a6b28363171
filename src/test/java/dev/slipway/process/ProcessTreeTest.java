package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {

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
    void theScriptLeadsItsOwnProcessGroupAndSession() throws Exception {
        Spawned spawned = processes.start("sleep 300", ProcessTestSupport.lines());
        long pid = spawned.id().pid();

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcStat.read(pid)
                .filter(stat -> stat.pgid() == pid && stat.sid() == pid).isPresent());
        assertThat(spawned.id().isAlive()).isTrue();
        assertThat(ProcStat.read(ProcessHandle.current().pid()).orElseThrow().pgid()).isNotEqualTo(pid);
    }

    @Test
    void killEndsChildrenGrandchildrenSubshellsAndChildrenInTheirOwnSession() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("""
                sleep 300 & echo "pid $!"
                bash -c 'sleep 300 & echo "pid $!"; sleep 300 & echo "pid $!"; wait' & echo "pid $!"
                ( sleep 300 & echo "pid $!"; wait ) & echo "pid $!"
                setsid sleep 300 & echo "pid $! own-session"
                wait
                """, lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> pids(lines).size() == 7);
        List<ProcessId> tree = pids(lines).stream().map(processes::track).toList();
        long ownSession = Long.parseLong(lines.stream().filter(l -> l.endsWith("own-session")).findFirst().orElseThrow().split(" ")[1]);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcStat.read(ownSession).map(ProcStat::sid).equals(Optional.of(ownSession)));
        assertThat(tree).allMatch(ProcessId::isAlive);

        long started = System.nanoTime();
        ProcessTree.kill(spawned.id(), Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("sleep obeys SIGTERM: no need to wait out the grace")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(spawned.id().isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessId::isAlive);
        assertThat(spawned.waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(128 + 15));
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("trap '' TERM; echo ready; sleep 300; echo unreachable", lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("ready") && childrenOf(spawned).size() == 1);
        ProcessId sleep = processes.track(childrenOf(spawned).get(0));

        long started = System.nanoTime();
        ProcessTree.kill(spawned.id(), Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofMillis(500).plusSeconds(2));
        assertThat(spawned.id().isAlive()).isFalse();
        assertThat(sleep.isAlive()).isFalse();
        assertThat(spawned.waitFor(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(128 + 9));
    }

    @Test
    void killingADeadProcessIsHarmlessAndQuick() throws Exception {
        Spawned spawned = processes.start("exit 0", ProcessTestSupport.lines());
        assertThat(spawned.waitFor()).isZero();

        long started = System.nanoTime();
        ProcessTree.kill(spawned.id(), Duration.ofSeconds(10));
        ProcessTree.kill(spawned.id(), Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRecycledPidIsNeverKilled() throws Exception {
        Spawned bystander = processes.start("sleep 300", ProcessTestSupport.lines());
        ProcessId same = bystander.id();
        // The same pid with another start time is what a recycled pid looks like.
        ProcessId previousOwner = new ProcessId(same.pid(), same.startTicks() - 1);

        ProcessTree.kill(previousOwner, Duration.ofMillis(100));

        assertThat(bystander.isAlive()).isTrue();
        assertThat(previousOwner.isAlive()).isFalse();
        assertThat(same.isAlive()).isTrue();
    }

    @Test
    void theGroupIsKilledEvenWhenItsLeaderIsAlreadyGone() throws Exception {
        List<String> lines = ProcessTestSupport.lines();
        Spawned spawned = processes.start("sleep 300 & echo \"pid $!\"", lines);
        assertThat(spawned.waitFor()).isZero();
        ProcessId orphan = processes.track(pids(lines).get(0));
        assertThat(orphan.isAlive()).isTrue();

        ProcessTree.kill(spawned.id(), Duration.ofSeconds(10));

        assertThat(orphan.isAlive()).isFalse();
    }

    private static List<Long> pids(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("pid ")).map(l -> Long.parseLong(l.split(" ")[1])).collect(Collectors.toList());
    }

    private static List<Long> childrenOf(Spawned spawned) {
        return ProcessHandle.of(spawned.id().pid()).map(h -> h.children().map(ProcessHandle::pid).toList()).orElse(List.of());
    }
}

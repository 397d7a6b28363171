package dev.slipway.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts scripts for a test and guarantees that none of their processes outlives it. */
final class ProcessTestSupport implements AutoCloseable {

    private final Path dir;
    private final List<Spawned> spawned = new ArrayList<>();
    private final List<ProcessId> strays = new ArrayList<>();

    ProcessTestSupport(Path dir) {
        this.dir = dir;
    }

    Spawned start(String script, List<String> lines) throws IOException {
        return start(script, Map.of(), new Redirect.ToLines(lines::add));
    }

    Spawned start(String script, Map<String, String> env, Redirect output) throws IOException {
        Spawned started = Spawner.start(script, dir, env, output);
        spawned.add(started);
        return started;
    }

    static List<String> lines() {
        return new CopyOnWriteArrayList<>();
    }

    /** Remembers a process the test learned about, so that it is killed even if the code under test fails. */
    ProcessId track(long pid) {
        ProcessId id = ProcessId.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " is already gone"));
        strays.add(id);
        return id;
    }

    @Override
    public void close() {
        for (Spawned started : spawned) {
            ProcessTree.kill(started.id(), Duration.ZERO);
        }
        for (ProcessId stray : strays) {
            if (stray.isAlive()) {
                ProcessHandle.of(stray.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

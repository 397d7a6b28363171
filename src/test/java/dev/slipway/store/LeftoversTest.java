package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.Leftovers;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.Workspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What crashed runs leave on disk — workspaces, half-written artifacts — is removed, and nothing still in use. */
class LeftoversTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path data;
    Database db;
    SqlRunRepository runs;
    ArtifactStore artifacts;
    Leftovers leftovers;

    @BeforeEach
    void open() {
        db = TestDatabases.sqlite(data);
        runs = new SqlRunRepository(db);
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        artifacts = new ArtifactStore(data.resolve("artifacts"));
        leftovers = new Leftovers(new Workspaces(data.resolve("work"), runs), artifacts);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void atStartEveryWorkspaceAndEveryUnfinishedArtifactFileGoes() throws Exception {
        Run run = run(RunState.RUNNING, List.of("build"));
        runs.moveJob("hello", run.number(), "build", JobState.QUEUED, JobState.RUNNING, T0, null, null);
        Path workspace = workspace(run, "build");
        Path upload = incoming("store-1.tar", Duration.ZERO); // fresh: at start-up, nothing can be writing it

        leftovers.atStart();

        assertThat(data.resolve("work")).isEmptyDirectory();
        assertThat(workspace).doesNotExist();
        assertThat(upload).doesNotExist();
    }

    @Test
    void theSweepRemovesWorkspacesOfJobsNotRunningAndKeepsTheRunningOnes() throws Exception {
        Run running = run(RunState.RUNNING, List.of("compile", "lint", "test"));
        runs.moveJob("hello", running.number(), "test", JobState.QUEUED, JobState.RUNNING, T0, null, null);
        runs.moveJob("hello", running.number(), "compile", JobState.QUEUED, JobState.RUNNING, T0, null, null);
        runs.moveJob("hello", running.number(), "compile", JobState.RUNNING, JobState.SUCCEEDED, T0, 0, null);
        Path live = workspace(running, "test");
        Path liveUnpacking = workspace(running, "test.artifact");
        Path finished = workspace(running, "compile");
        Path finishedUnpacking = workspace(running, ".compile.artifact.unpacking-123");
        Path passedOn = workspace(running, "compile.passed.0");
        Run failed = run(RunState.FAILED, List.of("compile"));
        Path ofFailedRun = workspace(failed, "compile");
        Path passedOfFailedRun = workspace(failed, "compile.passed.0");
        Path ofUnknownRun = Files.createDirectories(data.resolve("work/hello/999/compile"));

        leftovers.sweep();

        assertThat(live).isDirectory();
        assertThat(live.resolve("build.out")).hasContent("output");
        assertThat(liveUnpacking).isDirectory();
        assertThat(finished).doesNotExist();
        assertThat(finishedUnpacking).doesNotExist();
        assertThat(passedOn).as("what a job passed stays while its run goes on").isDirectory();
        assertThat(ofFailedRun.getParent()).doesNotExist();
        assertThat(passedOfFailedRun).doesNotExist();
        assertThat(ofUnknownRun.getParent()).doesNotExist();
    }

    @Test
    void theSweepRemovesArtifactFilesUntouchedForMinutesAndKeepsFreshOnes() throws Exception {
        Path old = incoming("store-old.tar", Duration.ofHours(1));
        Path fresh = incoming("store-fresh.tar", Duration.ZERO);

        leftovers.sweep();

        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }

    private Run run(RunState state, List<String> jobs) {
        List<NewRun.JobKey> keys = jobs.stream().map(j -> new NewRun.JobKey(0, "build", j)).toList();
        Run run = runs.create(new NewRun("hello", "main", "c0ffee", "tree", "sha256:pipe", "alice", T0, keys));
        runs.move("hello", run.number(), RunState.QUEUED, state, T0, null);
        return run;
    }

    private Path workspace(Run run, String entry) throws IOException {
        Path dir = Files.createDirectories(data.resolve("work/hello/" + run.number()).resolve(entry));
        Files.writeString(dir.resolve("build.out"), "output");
        return dir;
    }

    private Path incoming(String name, Duration age) throws IOException {
        Path file = Files.writeString(data.resolve("artifacts/incoming").resolve(name), "half a tar");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }
}

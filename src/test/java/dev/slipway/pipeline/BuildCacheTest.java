package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    private static final String M2 = "~/.m2/repository";

    @TempDir
    Path tmp;

    @Test
    void aSavedCacheIsRestoredAsACopyThatDoesNotWriteThroughToTheCache() throws IOException {
        BuildCache cache = new BuildCache(tmp.resolve("caches"));
        Path job = Files.createDirectories(tmp.resolve("job1/repo/org/x"));
        Files.writeString(job.resolve("x.jar"), "jar");
        Files.createSymbolicLink(job.resolve("link"), Path.of("/etc/hostname"));
        cache.save("app", M2, tmp.resolve("job1/repo"));

        Path next = tmp.resolve("job2/repo");
        assertThat(cache.restore("app", M2, next)).hasValueSatisfying(c -> assertThat(c.files()).isEqualTo(1));
        assertThat(next.resolve("org/x/x.jar")).hasContent("jar");
        assertThat(Files.readSymbolicLink(next.resolve("org/x/link"))).isEqualTo(Path.of("/etc/hostname"));
        Files.writeString(next.resolve("org/x/x.jar"), "changed in place");
        assertThat(cache.dir("app", M2).resolve("org/x/x.jar")).hasContent("jar");
        assertThat(cache.restore("other", M2, tmp.resolve("job3/repo"))).as("another app's cache").isEmpty();
    }

    @Test
    void parallelJobsEachRestoreAWholeCacheAndTheLastWriterWins() throws Exception {
        BuildCache cache = new BuildCache(tmp.resolve("caches"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                jobs.add(pool.submit(() -> {
                    Path restored = tmp.resolve("restore-" + n);
                    cache.restore("app", M2, restored);
                    if (Files.isDirectory(restored)) {
                        // a publish is whole: every file of one generation, never a mix
                        try (Stream<Path> files = Files.list(restored)) {
                            assertThat(files.map(p -> readQuietly(p)).distinct().count()).isEqualTo(1);
                        }
                    }
                    Path mine = Files.createDirectories(tmp.resolve("job-" + n));
                    for (int f = 0; f < 20; f++) {
                        Files.writeString(mine.resolve("f" + f), "generation " + n);
                    }
                    cache.save("app", M2, mine);
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(tmp.resolve("caches/app"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(BuildCache.key(M2));
        }
    }

    @Test
    void sweepRemovesCrashLeftoversAndPutsBackACacheCaughtBetweenTheRenames() throws IOException {
        BuildCache cache = new BuildCache(tmp.resolve("caches"));
        Path app = Files.createDirectories(tmp.resolve("caches/app"));
        String key = BuildCache.key(M2);
        Files.createDirectories(app.resolve(".incoming-5-" + key + "/half"));
        Path old = Files.createDirectories(app.resolve(".old-6-" + key));
        Files.writeString(old.resolve("kept"), "the cache before the crash");
        String other = BuildCache.key("node_modules");
        Files.createDirectories(app.resolve(other));
        Files.createDirectories(app.resolve(".old-7-" + other));

        assertThat(cache.sweep()).hasSize(3);

        try (Stream<Path> left = Files.list(app)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(key, other);
        }
        assertThat(app.resolve(key).resolve("kept")).hasContent("the cache before the crash");
    }

    @Test
    void keysOfDifferentPathsDifferAndAreSafeFileNames() {
        assertThat(BuildCache.key("~/.m2/repository")).isEqualTo("home%2F.m2%2Frepository");
        assertThat(BuildCache.key("a/b")).isNotEqualTo(BuildCache.key("a_b")).isNotEqualTo(BuildCache.key("~/a/b"));
        assertThat(BuildCache.key("x y/..%")).doesNotContain("/").doesNotStartWith(".");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

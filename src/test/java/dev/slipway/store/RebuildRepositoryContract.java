package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.Rebuild;
import dev.slipway.pipeline.RebuildOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every RebuildRepository must do, on every database: per-app ids, compare-and-set finish, lookups. */
abstract class RebuildRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123Z");
    static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);

    private SqlRebuildRepository rebuilds;

    @BeforeEach
    void setUp() {
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App("web", T0), () -> { });
        apps.create(new App("api", T0), () -> { });
        rebuilds = new SqlRebuildRepository(db);
    }

    @Test
    void aStartedCheckIsRunningWithPerAppIdsAndFinishesOnce() {
        Rebuild first = rebuilds.start("web", C1, 3, A, "alice", T0);
        Rebuild other = rebuilds.start("api", C1, 1, A, "bob", T0);
        assertThat(first.id()).isEqualTo(1);
        assertThat(other.id()).isEqualTo(1);
        assertThat(first.outcome()).isEqualTo(RebuildOutcome.RUNNING);
        assertThat(rebuilds.find("web", 1)).contains(first);
        assertThat(rebuilds.unfinished()).hasSize(2);

        assertThat(rebuilds.finish("web", 1, RebuildOutcome.DIFFERENT, B,
                List.of("dist/BUILD_ID: content differs", "dist/x: size, mode differ"), null, T0.plusSeconds(5))).isTrue();
        assertThat(rebuilds.finish("web", 1, RebuildOutcome.SAME, A, List.of(), null, T0.plusSeconds(6)))
                .as("finished already").isFalse();
        Rebuild done = rebuilds.find("web", 1).orElseThrow();
        assertThat(done.outcome()).isEqualTo(RebuildOutcome.DIFFERENT);
        assertThat(done.rebuilt()).isEqualTo(B);
        assertThat(done.differences()).containsExactly("dist/BUILD_ID: content differs", "dist/x: size, mode differ");
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(rebuilds.unfinished()).extracting(Rebuild::app).containsExactly("api");
    }

    @Test
    void checksAreListedNewestFirstByCommitPrefixAndArtifact() {
        rebuilds.start("web", C1, 1, A, "alice", T0);
        rebuilds.start("web", C2, 2, B, "alice", T0.plusSeconds(1));
        rebuilds.start("web", C1, 1, A, "alice", T0.plusSeconds(2));
        assertThat(rebuilds.list("web", null, 10)).extracting(Rebuild::id).containsExactly(3L, 2L, 1L);
        assertThat(rebuilds.list("web", "1111", 10)).extracting(Rebuild::id).containsExactly(3L, 1L);
        assertThat(rebuilds.list("web", C2, 10)).extracting(Rebuild::id).containsExactly(2L);
        assertThat(rebuilds.list("web", null, 1)).extracting(Rebuild::id).containsExactly(3L);
        assertThat(rebuilds.ofArtifact("web", B, 10)).extracting(Rebuild::id).containsExactly(2L);
        assertThat(rebuilds.list("api", null, 10)).isEmpty();
    }

    @Test
    void aRestartMovesOnlyARunningChecksStart() {
        rebuilds.start("web", C1, 1, A, "alice", T0);
        assertThat(rebuilds.restart("web", 1, T0.plusSeconds(60))).isTrue();
        assertThat(rebuilds.find("web", 1).orElseThrow().startedAt()).isEqualTo(T0.plusSeconds(60));
        rebuilds.finish("web", 1, RebuildOutcome.FAILED, null, List.of(), "compile: FAILED", T0.plusSeconds(61));
        assertThat(rebuilds.restart("web", 1, T0.plusSeconds(62))).isFalse();
        assertThat(rebuilds.find("web", 1).orElseThrow().detail()).isEqualTo("compile: FAILED");
    }
}

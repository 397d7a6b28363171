package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.Digest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every AppRepository and ArtifactRepository must do, on every database. */
abstract class AppAndArtifactRepositoriesContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void appsAreCreatedListedAndUnique() {
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App("b", T0), () -> { });
        apps.create(new App("a", T0), () -> { });
        assertThat(apps.list()).extracting(App::name).containsExactly("a", "b");
        assertThat(apps.find("a")).contains(new App("a", T0));
        assertThat(apps.find("zzz")).isEmpty();
        assertThatThrownBy(() -> apps.create(new App("a", T0), () -> { })).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aFailingSideEffectRollsTheAppBack() {
        SqlAppRepository apps = new SqlAppRepository(db);
        assertThatThrownBy(() -> apps.create(new App("c", T0), () -> {
            throw new IllegalStateException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(apps.find("c")).isEmpty();
    }

    @Test
    void artifactsAreRecordedOnce() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        SqlArtifactRepository artifacts = new SqlArtifactRepository(db);
        Digest digest = Digest.ofBytes("x".getBytes());
        Artifact first = new Artifact("hello", digest, "c".repeat(40), "tree", "sha256:p", 1, 100, T0);
        artifacts.record(first);
        artifacts.record(new Artifact("hello", digest, "d".repeat(40), "tree2", "sha256:p", 2, 100, T0));
        assertThat(artifacts.find("hello", digest)).contains(first);
        assertThat(artifacts.list("hello")).containsExactly(first);
        assertThat(artifacts.find("hello", Digest.ofBytes("y".getBytes()))).isEmpty();
    }
}

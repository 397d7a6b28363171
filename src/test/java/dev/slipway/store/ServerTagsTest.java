package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.image.ServerTags;
import dev.slipway.image.TagOwner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which tags are the server's, and how a server tag moves: on the real image repository, audited. */
class ServerTagsTest extends DatabaseFixture {
    static final Digest MANIFEST = ImageRepositoryContract.MANIFEST;

    SqlImageRepository images;
    AuditLog audit;
    ServerTags tags;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeEach
    void repository() {
        new SqlAppRepository(db).create(new App("web", ImageRepositoryContract.T0), () -> { });
        images = new SqlImageRepository(db);
        audit = new AuditLog(new SqlAuditRepository(db), Clock.fixed(ImageRepositoryContract.T0, ZoneOffset.UTC));
        tags = new ServerTags(images, db, audit, Clock.fixed(ImageRepositoryContract.T0, ZoneOffset.UTC));
        images.recordManifest(ImageRepositoryContract.manifest("web", MANIFEST, OptionalLong.empty(),
                ImageRepositoryContract.T0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit-3f2a9c1", "branch-main", "env-staging", "env-production", "v1.2.0", "v2"})
    void commitBranchEnvironmentAndReleaseTagsAreTheServers(String tag) {
        assertThat(ServerTags.isReserved(tag)).isTrue();
        assertThat(tags.refusal("web", tag)).hasValue("tag '" + tag + "' is moved by Slipway itself: push by digest "
                + "or to another tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "version-2", "vnext", "committed", "main", "v"})
    void otherTagsAreTheUsers(String tag) {
        assertThat(ServerTags.isReserved(tag)).isFalse();
        assertThat(tags.refusal("web", tag)).isEmpty();
    }

    @Test
    void aMovedTagIsTheServersWhateverItsNameAndTheMoveIsAudited() {
        tags.move("web", "stable", MANIFEST);
        assertThat(images.findTag("web", "stable").orElseThrow().owner()).isEqualTo(TagOwner.SERVER);
        assertThat(tags.refusal("web", "stable")).isPresent();
        assertThat(tags.refusal("web/other", "stable")).isEmpty();
        AuditEntry entry = audit.list("web", 0, 1).get(0);
        assertThat(entry.action()).isEqualTo("image.tagged");
        assertThat(entry.subject()).isEqualTo("web:stable");
        assertThat(entry.after()).isEqualTo(MANIFEST.toString());
    }

    @Test
    void onlyAManifestOfTheRepositoryCanBeTagged() {
        assertThatThrownBy(() -> tags.move("web/worker", "commit-abc", MANIFEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a manifest of that repository");
        assertThatThrownBy(() -> tags.move("web", "bad tag", MANIFEST)).isInstanceOf(IllegalArgumentException.class);
        assertThat(images.tags("web")).isEmpty();
    }
}

package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload sessions on a real artifact store: chunks in order, digest checked, idle ones expired with their file. */
class BlobUploadsTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anUploadIdleForAnHourIsGoneWithItsFile() throws Exception {
        Hands clock = new Hands();
        ArtifactStore store = new ArtifactStore(dir);
        BlobUploads uploads = new BlobUploads(store, clock);
        UploadState idle = uploads.start("web");
        uploads.append("web", idle.id(), bytes("abc"), OptionalLong.of(0));
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        UploadState busy = uploads.start("web");
        assertThat(uploads.status("web", idle.id()).size()).isEqualTo(3);

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        uploads.start("web"); // looks for idle sessions
        assertThatThrownBy(() -> uploads.status("web", idle.id())).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(RegistryError.BLOB_UPLOAD_UNKNOWN);
        assertThat(uploads.status("web", busy.id()).size()).isZero();
        try (var files = Files.list(dir.resolve("incoming"))) {
            assertThat(files.toList()).hasSize(2);
        }
    }

    @Test
    void anUploadBelongsToItsRepositoryAndEndsStoredOrDiscarded() throws Exception {
        ArtifactStore store = new ArtifactStore(dir);
        BlobUploads uploads = new BlobUploads(store, Clock.systemUTC());
        UploadState upload = uploads.start("web");
        assertThatThrownBy(() -> uploads.status("api", upload.id())).isInstanceOf(RegistryException.class);
        uploads.append("web", upload.id(), bytes("hello "), OptionalLong.empty());
        assertThatThrownBy(() -> uploads.append("web", upload.id(), bytes("x"), OptionalLong.of(2)))
                .isInstanceOf(RegistryException.class).extracting(e -> ((RegistryException) e).status()).isEqualTo(416);
        Digest digest = Digest.ofBytes("hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(uploads.complete("web", upload.id(), digest, bytes("world"))).isEqualTo(11);
        assertThat(store.exists(digest)).isTrue();

        UploadState wrong = uploads.start("web");
        assertThatThrownBy(() -> uploads.complete("web", wrong.id(), digest, bytes("something else")))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(RegistryError.DIGEST_INVALID);
        assertThat(store.exists(Digest.ofBytes("something else".getBytes(StandardCharsets.UTF_8)))).isFalse();
        try (var files = Files.list(dir.resolve("incoming"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

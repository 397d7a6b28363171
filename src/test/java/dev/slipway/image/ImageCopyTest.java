package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.artifact.Digest;
import dev.slipway.image.ImageCopy.CopiedImage;
import dev.slipway.image.ImageCopy.PulledImage;
import dev.slipway.image.TestImages.TestImage;
import dev.slipway.testing.Skopeo;
import dev.slipway.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageCopy} both ways against the real distribution registry; what arrives is checked with skopeo. */
class ImageCopyTest {
    @TempDir
    static Path registriesDir;

    static final String NS = "copy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    static final String HOST = TestRegistry.get().address();
    static DistributionRegistry locked;

    @TempDir
    Path dir;

    private final ImageCopy copy = new ImageCopy();

    @BeforeAll
    static void startRegistries() throws Exception {
        locked = DistributionRegistry.withUser(registriesDir.resolve("locked"), "ci", "right-password");
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        if (locked != null) {
            locked.close();
        }
    }

    private Skopeo skopeo() {
        return new Skopeo(dir.resolve("skopeo"));
    }

    /** A content store: blob and manifest files by digest. */
    private static Function<Digest, Path> store(TestImage image) {
        return digest -> {
            Path path = image.blobs().get(digest);
            if (path != null) {
                return path;
            }
            byte[] child = image.children().get(digest);
            if (child == null) {
                throw new IllegalArgumentException("not in the store: " + digest);
            }
            try {
                return Files.write(Files.createTempFile("child", ".json"), child);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void imageIsCopiedByDigestAndTaggedAndSkopeoSeesTheSameDigest() throws Exception {
        TestImage image = TestImages.image(dir.resolve("store"), "copied out");
        RegistryClient client = RegistryClient.connect(HOST, RegistryCredentials.none());

        CopiedImage copied = copy.push(client, NS + "/web", image.manifest(), store(image), List.of("env-staging"));

        assertThat(copied.digest()).isEqualTo(image.digest());
        assertThat(copied.pinned()).isEqualTo(HOST + "/" + NS + "/web@" + image.digest());
        assertThat(skopeo().inspect(HOST + "/" + NS + "/web:env-staging")).contains("\"Digest\": \"" + image.digest() + "\"");
        assertThat(skopeo().rawManifest(HOST + "/" + NS + "/web@" + image.digest()))
                .isEqualTo(new String(image.manifest(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void indexIsCopiedWithEveryChildAndItsBlobs() throws Exception {
        TestImage index = TestImages.index(dir.resolve("store"), "copied index");
        RegistryClient client = RegistryClient.connect(HOST, RegistryCredentials.none());

        CopiedImage copied = copy.push(client, NS + "/multi", index.manifest(), store(index), List.of("v1"));

        assertThat(copied.digest()).isEqualTo(index.digest());
        assertThat(skopeo().rawManifest(HOST + "/" + NS + "/multi:v1"))
                .isEqualTo(new String(index.manifest(), java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<Digest, byte[]> child : index.children().entrySet()) {
            assertThat(skopeo().rawManifest(HOST + "/" + NS + "/multi@" + child.getKey()))
                    .isEqualTo(new String(child.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        }
        index.blobs().keySet().forEach(blob -> assertThat(client.hasBlob(NS + "/multi", blob)).as(blob.toString()).isTrue());
    }

    @Test
    void refusalCarriesTheRegistrysOwnWords() throws Exception {
        TestImage image = TestImages.image(dir.resolve("store"), "refused");
        RegistryClient wrong = RegistryClient.connect(locked.host, new RegistryCredentials("ci", "wrong-password"));

        assertThatThrownBy(() -> copy.push(wrong, "team/web", image.manifest(), store(image), List.of("env-prod")))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageStartingWith("registry " + locked.host + " refused ")
                .hasMessageContaining("with the credentials given: UNAUTHORIZED authentication required")
                .hasMessageEndingWith("(HTTP 401)");
    }

    @Test
    void copyWithTheRightCredentialsReachesALockedRegistry() throws Exception {
        TestImage image = TestImages.image(dir.resolve("store"), "locked copy");
        RegistryClient client = RegistryClient.connect(locked.host, new RegistryCredentials("ci", "right-password"));

        copy.push(client, "team/web", image.manifest(), store(image), List.of("env-prod"));

        assertThat(locked.skopeoInspect(dir.resolve("skopeo"), "team/web:env-prod", "ci:right-password"))
                .contains("\"Digest\": \"" + image.digest() + "\"");
    }

    @Test
    void pullBringsTheManifestAndEveryBlobCheckedAndSkipsWhatIsKept() throws Exception {
        TestImage image = TestImages.image(dir.resolve("store"), "pulled in");
        RegistryClient client = RegistryClient.connect(HOST, RegistryCredentials.none());
        copy.push(client, NS + "/busybox", image.manifest(), store(image), List.of("1"));
        Path into = Files.createDirectories(dir.resolve("pulled"));
        Digest config = image.blobs().keySet().stream().toList().get(1);

        Files.write(into.resolve(config.hex()), Files.readAllBytes(image.blob(config)));

        PulledImage pulled = copy.pull(client, ImageReference.parse(HOST + "/" + NS + "/busybox:1"),
                ImageCopy.BlobSink.into(into));

        assertThat(pulled.digest()).isEqualTo(image.digest());
        assertThat(pulled.manifest()).isEqualTo(image.manifest());
        assertThat(pulled.mediaType()).isEqualTo(TestImages.MANIFEST);
        assertThat(pulled.blobs()).doesNotContainKey(config).hasSize(image.blobs().size() - 1);
        pulled.blobs().forEach((digest, file) -> assertThat(file).hasSameBinaryContentAs(image.blob(digest)));
    }

    @Test
    void pullOfAnIndexBringsEveryChild() throws Exception {
        TestImage index = TestImages.index(dir.resolve("store"), "pulled index");
        RegistryClient client = RegistryClient.connect(HOST, RegistryCredentials.none());
        copy.push(client, NS + "/basemulti", index.manifest(), store(index), List.of());
        Path into = Files.createDirectories(dir.resolve("pulled"));

        PulledImage pulled = copy.pull(client, ImageReference.parse(HOST + "/" + NS + "/basemulti@" + index.digest()),
                ImageCopy.BlobSink.into(into));

        assertThat(pulled.blobs().keySet()).containsAll(index.children().keySet()).containsAll(index.blobs().keySet());
        index.children().forEach((digest, bytes) -> assertThat(pulled.blobs().get(digest)).hasBinaryContent(bytes));
    }

    @Test
    void baseImageIsReadIntoTheContentStore() throws Exception {
        TestImage image = TestImages.image(dir.resolve("src"), "a base");
        RegistryClient client = RegistryClient.connect(locked.host, new RegistryCredentials("ci", "right-password"));
        copy.push(client, "base/tools", image.manifest(), store(image), List.of("1"));
        dev.slipway.artifact.ArtifactStore contentStore = new dev.slipway.artifact.ArtifactStore(dir.resolve("store"));

        Manifest manifest = new RegistryImages(contentStore, copy, RegistryClient::connect)
                .pull(locked.host + "/base/tools:1", Optional.of("ci:right-password"));

        assertThat(manifest.digest()).isEqualTo(image.digest());
        assertThat(contentStore.path(image.digest())).hasBinaryContent(image.manifest());
        image.blobs().forEach((digest, file) -> assertThat(contentStore.path(digest)).hasSameBinaryContentAs(file));
    }

    @Test
    void baseImageBehindWrongCredentialsSaysWhy() {
        dev.slipway.artifact.ArtifactStore contentStore = new dev.slipway.artifact.ArtifactStore(dir.resolve("store"));

        assertThatThrownBy(() -> new RegistryImages(contentStore, copy, RegistryClient::connect)
                .pull(locked.host + "/base/tools:1", Optional.of("ci:nope")))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("base image " + locked.host + "/base/tools:1 could not be read: registry "
                        + locked.host + " refused the manifest")
                .hasMessageContaining("UNAUTHORIZED");
    }

    @Test
    void pullByAWrongDigestIsRefused() throws Exception {
        RegistryClient client = RegistryClient.connect(HOST, RegistryCredentials.none());
        Digest absent = RegistryClient.sha256("nothing".getBytes());

        assertThatThrownBy(() -> copy.pull(client, ImageReference.parse(HOST + "/" + NS + "/none@" + absent),
                ImageCopy.BlobSink.into(dir)))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageContaining("(HTTP 404)");
        assertThat(Optional.ofNullable(dir.toFile().list())).hasValueSatisfying(list -> assertThat(list).isEmpty());
    }
}

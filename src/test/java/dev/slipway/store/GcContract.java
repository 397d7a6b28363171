package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageTag;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.Pusher;
import dev.slipway.image.Referrers;
import dev.slipway.image.Registry;
import dev.slipway.image.ServerTags;
import dev.slipway.image.UploadState;
import dev.slipway.image.StoredManifest;
import dev.slipway.image.TagOwner;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.retention.Gc;
import dev.slipway.retention.GcReport;
import dev.slipway.retention.Retention;
import dev.slipway.retention.RetentionPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a real content store and database: what the policy drops is deleted, what it keeps is not, a dry
 * run changes nothing, and whatever is pushed while it is paused between mark and sweep (or while it sweeps)
 * survives.
 */
abstract class GcContract extends DatabaseFixture {
    static final Instant OLD = Instant.now().minus(Duration.ofDays(30));
    static final RetentionPolicy POLICY = new RetentionPolicy(1, Duration.ofDays(14));

    @TempDir
    Path dir;
    ArtifactStore store;
    SqlImageRepository images;
    SqlArtifactRepository artifacts;
    SqlRunRepository runs;
    SqlAuditRepository auditEntries;
    BlobGuard guard = new BlobGuard();

    @BeforeEach
    void store() {
        new SqlAppRepository(db).create(new App("web", OLD), () -> { });
        store = new ArtifactStore(dir.resolve("artifacts"));
        images = new SqlImageRepository(db);
        artifacts = new SqlArtifactRepository(db);
        runs = new SqlRunRepository(db);
        auditEntries = new SqlAuditRepository(db);
    }

    Gc gc(RetentionPolicy policy, Runnable betweenMarkAndSweep) {
        return new Gc(new Retention(new SqlRetentionFacts(db), images, store, policy), images, artifacts, store, guard,
                new AuditLog(auditEntries, Clock.systemUTC()), Clock.systemUTC(), betweenMarkAndSweep);
    }

    /** Stores a blob as if long ago. */
    Digest oldBlob(String content) throws IOException {
        Digest digest = store.storeBytes(content.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(store.path(digest), FileTime.from(OLD));
        return digest;
    }

    /** A run of main with an artifact stored and recorded long ago. */
    Digest oldRunArtifact(String content) throws IOException {
        Digest tar = oldBlob(content);
        Run run = runs.create(new NewRun("web", "main", "c".repeat(40), "tree-" + content, "sha256:pipe", "alice", OLD,
                List.of()));
        runs.setArtifact("web", run.number(), tar, null);
        runs.move("web", run.number(), RunState.QUEUED, RunState.SUCCEEDED, OLD, null);
        artifacts.record(new Artifact("web", tar, "c".repeat(40), "tree-" + content, "sha256:pipe", run.number(),
                content.length(), OLD));
        return tar;
    }

    static StoredManifest manifest(String repository, Digest digest, Digest config, List<Digest> layers, Instant at) {
        return new StoredManifest(repository, StoredManifest.appOf(repository), digest, OciMediaTypes.OCI_MANIFEST, 300,
                1000, Optional.of(config), layers.stream().map(l -> new Descriptor(OciMediaTypes.OCI_LAYER, l, 10)).toList(),
                List.of(), OptionalLong.empty(), "alice", at);
    }

    /** An image pushed long ago: its config, layer and manifest bytes stored and the manifest recorded. */
    Digest oldImage(String name, Digest sharedLayer) throws IOException {
        Digest config = oldBlob("config of " + name);
        Digest manifest = oldBlob("manifest of " + name);
        images.recordManifest(manifest("web", manifest, config, List.of(sharedLayer), OLD));
        return manifest;
    }

    record Scene(Digest oldTar, Digest newestTar, Digest tagged, Digest taggedConfig, Digest layer, Digest untagged,
                 Digest untaggedConfig, Digest orphan, Digest young) {}

    Scene scene() throws IOException {
        Digest oldTar = oldRunArtifact("an old run's tar");
        Digest newestTar = oldRunArtifact("the newest run's tar");
        Digest layer = oldBlob("a layer both images share");
        Digest tagged = oldImage("tagged", layer);
        images.setTag(new ImageTag("web", "latest", tagged, TagOwner.USER, OLD));
        Digest untagged = oldImage("untagged", layer);
        images.setTag(new ImageTag("web", "commit-" + "e".repeat(40), untagged, TagOwner.SERVER, OLD));
        Digest orphan = oldBlob("an upload no manifest ever used");
        images.linkBlob("web", orphan, OLD);
        Digest young = store.storeBytes("stored a minute ago, referenced by nothing".getBytes(StandardCharsets.UTF_8));
        return new Scene(oldTar, newestTar, tagged, images.findManifest("web", tagged).orElseThrow().config().orElseThrow(),
                layer, untagged, images.findManifest("web", untagged).orElseThrow().config().orElseThrow(), orphan, young);
    }

    @Test
    void whatNothingKeepsIsDeletedAndWhatIsKeptStays() throws IOException {
        Scene s = scene();

        GcReport report = gc(POLICY, () -> { }).collect("admin", false);

        assertThat(store.list()).contains(s.newestTar(), s.tagged(), s.taggedConfig(), s.layer(), s.young())
                .doesNotContain(s.oldTar(), s.untagged(), s.untaggedConfig(), s.orphan());
        assertThat(images.findManifest("web", s.untagged())).isEmpty();
        assertThat(images.findManifest("web", s.tagged())).isPresent();
        assertThat(images.tags("web")).extracting(ImageTag::tag).containsExactly("latest");
        assertThat(images.hasBlob("web", s.orphan())).isFalse();
        assertThat(images.hasBlob("web", s.layer())).isTrue();
        assertThat(artifacts.collectedAt("web", s.oldTar())).isPresent();
        assertThat(artifacts.collectedAt("web", s.newestTar())).isEmpty();
        assertThat(artifacts.find("web", s.oldTar())).as("the record stays, marked collected").isPresent();
        assertThat(report.dryRun()).isFalse();
        assertThat(report.total().blobs()).isEqualTo(4);
        assertThat(report.total().manifests()).isEqualTo(1);
        assertThat(report.total().artifacts()).isEqualTo(1);
        assertThat(report.total().bytes()).isEqualTo(("an old run's tar" + "manifest of untagged" + "config of untagged"
                + "an upload no manifest ever used").length());
        assertThat(report.apps()).extracting(GcReport.AppTotals::app).containsExactly("web");
        List<AuditEntry> audit = auditEntries.list(null, 0, 10);
        assertThat(audit).extracting(AuditEntry::action).contains("store.collected");
        assertThat(audit.get(0).after()).contains("4 blobs deleted");
    }

    @Test
    void aReferrerIsKeptAsLongAsItsSubjectAndGoesWithIt() throws Exception {
        Scene s = scene();
        Referrers referrers = new Referrers(store, images, Clock.fixed(OLD, java.time.ZoneOffset.UTC), guard);
        byte[] keptSbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"serialNumber\":\"kept\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] goneSbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"serialNumber\":\"gone\"}"
                .getBytes(StandardCharsets.UTF_8);
        Digest keptReferrer = referrers.attach("web", s.tagged(), "application/vnd.cyclonedx+json",
                "application/vnd.cyclonedx+json", keptSbom, java.util.Map.of());
        Digest goneReferrer = referrers.attach("web", s.untagged(), "application/vnd.cyclonedx+json",
                "application/vnd.cyclonedx+json", goneSbom, java.util.Map.of());
        assertThat(referrers.attach("web", s.tagged(), "application/vnd.cyclonedx+json",
                "application/vnd.cyclonedx+json", keptSbom, java.util.Map.of())).as("attached again: the same manifest")
                .isEqualTo(keptReferrer);
        assertThat(images.referrers("web", s.tagged())).hasSize(1);
        assertThatThrownBy(() -> referrers.attach("web", s.oldTar(), "application/vnd.cyclonedx+json",
                "application/vnd.cyclonedx+json", keptSbom, java.util.Map.of()))
                .hasMessage("app 'web' has no image " + s.oldTar() + " to attach application/vnd.cyclonedx+json to");
        for (Digest blob : List.of(keptReferrer, goneReferrer, Digest.ofBytes(keptSbom), Digest.ofBytes(goneSbom),
                Digest.ofBytes("{}".getBytes(StandardCharsets.UTF_8)))) {
            Files.setLastModifiedTime(store.path(blob), FileTime.from(OLD));
        }

        gc(POLICY, () -> { }).collect("admin", false);

        assertThat(images.findManifest("web", keptReferrer)).as("the tagged image's SBOM").isPresent();
        assertThat(store.list()).contains(keptReferrer, Digest.ofBytes(keptSbom), Digest.ofBytes("{}".getBytes(
                StandardCharsets.UTF_8))).doesNotContain(goneReferrer, Digest.ofBytes(goneSbom));
        assertThat(images.findManifest("web", goneReferrer)).as("the untagged image's SBOM").isEmpty();
        assertThat(images.referrers("web", s.tagged())).extracting(StoredManifest::digest).containsExactly(keptReferrer);
    }

    @Test
    void anArtifactsSbomIsKeptWithItAndGoesWithIt() throws IOException {
        Scene s = scene();
        SqlSbomRepository sboms = new SqlSbomRepository(db);
        Digest keptDocument = oldBlob("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"n\":1}");
        Digest goneDocument = oldBlob("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"n\":2}");
        sboms.record(new dev.slipway.artifact.Sbom("web", s.newestTar(), "package", 2, keptDocument, 40, "1.5", 0, OLD));
        sboms.record(new dev.slipway.artifact.Sbom("web", s.oldTar(), "package", 1, goneDocument, 40, "1.5", 0, OLD));

        gc(POLICY, () -> { }).collect("admin", false);

        assertThat(store.list()).contains(s.newestTar(), keptDocument).doesNotContain(s.oldTar(), goneDocument);
    }

    @Test
    void aDryRunDeletesNothingAndSaysWhatARealRunWould() throws IOException {
        Scene s = scene();
        List<Digest> before = store.list();

        GcReport dry = gc(POLICY, () -> { }).collect("admin", true);

        assertThat(store.list()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(images.findManifest("web", s.untagged())).isPresent();
        assertThat(images.hasBlob("web", s.orphan())).isTrue();
        assertThat(artifacts.collectedAt("web", s.oldTar())).isEmpty();
        assertThat(auditEntries.list(null, 0, 10)).extracting(AuditEntry::action).doesNotContain("store.collected");
        assertThat(dry.dryRun()).isTrue();
        GcReport real = gc(POLICY, () -> { }).collect("admin", false);
        assertThat(dry.total()).isEqualTo(real.total());
    }

    @Test
    void whatIsPushedWhileTheCollectorIsPausedOrSweepingSurvives() throws Exception {
        List<Digest> oldPool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            oldPool.add(oldBlob("old unreferenced blob " + i));
        }
        Digest garbage = oldBlob("garbage nobody pushes again");
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // age 0: only "stored before the mark began" and the re-checks protect what the pushes make
        Gc gc = gc(new RetentionPolicy(0, Duration.ZERO), () -> {
            marked.countDown();
            await(resume);
        });
        CompletableFuture<GcReport> collection = CompletableFuture.supplyAsync(() -> gc.collect("admin", false));
        assertThat(marked.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> gc.collect("admin", true)).isInstanceOf(Problem.class)
                .hasMessageContaining("a collection is already running");

        // paused between mark and sweep: an upload in progress, a new blob, a mount of an old blob, a manifest over
        // old blobs, and a builder storing an old blob again before it records it
        Path uploading = store.newIncoming("upload-");
        Files.writeString(uploading, "half of a layer");
        Digest fresh = pushBlob("a blob pushed while paused");
        mount("web/worker", oldPool.get(0));
        Digest pausedManifest = pushManifest(oldPool.get(1), List.of(oldPool.get(2), oldPool.get(3)));
        Digest restored = store.storeBytes("old unreferenced blob 4".getBytes(StandardCharsets.UTF_8));
        assertThat(restored).isEqualTo(oldPool.get(4));

        // and a pusher that keeps recording manifests over old blobs while the sweep runs
        List<StoredManifest> pushed = new CopyOnWriteArrayList<>();
        AtomicBoolean sweeping = new AtomicBoolean(true);
        CompletableFuture<Void> pusher = CompletableFuture.runAsync(() -> {
            for (int i = 5; sweeping.get(); i = i + 1 < oldPool.size() ? i + 1 : 5) {
                Digest config = oldPool.get(i);
                Digest layer = oldPool.get(i + 1 < oldPool.size() ? i + 1 : 5);
                try (BlobGuard.Held held = guard.shared()) {
                    if (store.exists(config) && store.exists(layer)) { // else the registry answers MANIFEST_BLOB_UNKNOWN
                        StoredManifest m = manifest("web", Digest.ofBytes(("pushed " + i + " " + pushed.size())
                                .getBytes(StandardCharsets.UTF_8)), config, List.of(layer), Instant.now());
                        images.recordManifest(m);
                        pushed.add(m);
                    }
                }
            }
        });
        resume.countDown();
        GcReport report = collection.get(60, TimeUnit.SECONDS);
        sweeping.set(false);
        pusher.get(30, TimeUnit.SECONDS);

        assertThat(Files.readString(uploading)).isEqualTo("half of a layer");
        assertThat(store.exists(fresh)).isTrue();
        assertThat(store.exists(oldPool.get(0))).as("mounted while paused").isTrue();
        assertThat(images.findManifest("web", pausedManifest)).isPresent();
        assertThat(List.of(oldPool.get(1), oldPool.get(2), oldPool.get(3))).allMatch(store::exists);
        assertThat(store.exists(oldPool.get(4))).as("stored again while paused").isTrue();
        assertThat(pushed).isNotEmpty();
        for (StoredManifest m : pushed) {
            assertThat(m.blobs()).as("blobs of %s, recorded during the sweep", m.digest()).allMatch(store::exists);
        }
        assertThat(store.exists(garbage)).isFalse();
        assertThat(report.total().blobs()).isPositive();
    }

    @Test
    void theRegistryPushingWhileTheCollectorIsPausedLosesNeitherBlobsNorUploads() throws Exception {
        Registry registry = new Registry(images, store, new ServerTags(images, db, new AuditLog(auditEntries,
                Clock.systemUTC()), Clock.systemUTC()), db, new AuditLog(auditEntries, Clock.systemUTC()),
                Clock.systemUTC(), guard);
        String layerContent = "a layer pushed long ago and pushed again";
        Digest layer = oldBlob(layerContent);
        Digest config = oldBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        images.linkBlob("web", layer, OLD);
        images.linkBlob("web", config, OLD);
        Digest forgotten = oldBlob("an old manifest nothing keeps");
        images.recordManifest(manifest("web", forgotten, config, List.of(layer), OLD));
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Gc gc = gc(new RetentionPolicy(0, Duration.ZERO), () -> {
            marked.countDown();
            await(resume);
        });
        CompletableFuture<GcReport> collection = CompletableFuture.supplyAsync(() -> gc.collect("admin", false));
        assertThat(marked.await(30, TimeUnit.SECONDS)).isTrue();

        UploadState inProgress = registry.appendChunk("web", registry.startUpload("web").id(),
                new ByteArrayInputStream("the first half, ".getBytes(StandardCharsets.UTF_8)), OptionalLong.empty());
        UploadState again = registry.startUpload("web");
        registry.completeUpload("web", again.id(), layer.toString(),
                new ByteArrayInputStream(layerContent.getBytes(StandardCharsets.UTF_8)));
        assertThat(registry.mount("web/worker", config.toString(), "web", true).mounted()).contains(config);
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"" + OciMediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + OciMediaTypes.OCI_CONFIG + "\",\"digest\":\"" + config + "\",\"size\":"
                + store.size(config) + "},\"layers\":[{\"mediaType\":\"" + OciMediaTypes.OCI_LAYER + "\",\"digest\":\""
                + layer + "\",\"size\":" + store.size(layer) + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest pushed = registry.putManifest("web", "latest", body, OciMediaTypes.OCI_MANIFEST, Pusher.user("alice"))
                .digest();
        resume.countDown();
        GcReport report = collection.get(60, TimeUnit.SECONDS);

        assertThat(store.exists(forgotten)).isFalse();
        assertThat(images.findManifest("web", forgotten)).isEmpty();
        assertThat(registry.manifest("web", "latest").manifest().digest()).isEqualTo(pushed);
        assertThat(registry.blob("web", layer.toString()).size()).isEqualTo(layerContent.length());
        assertThat(registry.blob("web", config.toString()).digest()).isEqualTo(config);
        assertThat(registry.blob("web/worker", config.toString()).digest()).isEqualTo(config);
        String rest = "and the second";
        Digest finished = registry.completeUpload("web", inProgress.id(),
                Digest.ofBytes(("the first half, " + rest).getBytes(StandardCharsets.UTF_8)).toString(),
                new ByteArrayInputStream(rest.getBytes(StandardCharsets.UTF_8)));
        assertThat(store.exists(finished)).as("the upload in progress went on and was stored").isTrue();
        assertThat(report.total().manifests()).isEqualTo(1);
    }

    /** As the registry completes an upload: stored, then linked under the guard. */
    private Digest pushBlob(String content) throws IOException {
        Digest digest = store.storeBytes(content.getBytes(StandardCharsets.UTF_8));
        try (BlobGuard.Held held = guard.shared()) {
            assertThat(store.exists(digest)).isTrue();
            images.linkBlob("web", digest, Instant.now());
        }
        return digest;
    }

    /** As the registry mounts a blob from another repository: checked and linked under the guard. */
    private void mount(String repository, Digest blob) {
        try (BlobGuard.Held held = guard.shared()) {
            assertThat(store.exists(blob)).isTrue();
            images.linkBlob(repository, blob, Instant.now());
        }
    }

    /** As the registry accepts a manifest PUT: its bytes stored, its blobs checked and the manifest recorded. */
    private Digest pushManifest(Digest config, List<Digest> layers) throws IOException {
        Digest digest = store.storeBytes(("manifest over " + layers).getBytes(StandardCharsets.UTF_8));
        try (BlobGuard.Held held = guard.shared()) {
            assertThat(store.exists(config)).isTrue();
            assertThat(layers).allMatch(store::exists);
            images.recordManifest(manifest("web", digest, config, layers, Instant.now()));
        }
        return digest;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never resumed the collector");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

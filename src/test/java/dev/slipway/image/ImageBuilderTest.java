package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.App;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.LayerPath;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlImageRepository;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    Database db;
    ArtifactStore store;
    SqlImageRepository images;
    ImageBuilder builder;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(Database.sqliteUrl(Files.createDirectories(dir.resolve("data"))));
        new SqlAppRepository(db).create(new App("web", Instant.EPOCH), () -> { });
        new SqlAppRepository(db).create(new App("other", Instant.EPOCH), () -> { });
        store = new ArtifactStore(dir.resolve("store"));
        images = new SqlImageRepository(db);
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
        builder = new ImageBuilder(store, images, new ServerTags(images, db, new dev.slipway.audit.AuditLog(
                new dev.slipway.store.SqlAuditRepository(db), clock), clock), null, (user, app) -> user.equals("admin"), clock,
                new BlobGuard());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ImageRecipe recipe(BaseImage base, List<LayerPath> files, List<String> cmd) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "hello");
        return new ImageRecipe(base, files, null, cmd, env, Optional.of("/www"), Optional.empty(), OptionalInt.of(8080),
                Map.of("team", "web"), Optional.empty());
    }

    Path workspace(String name, String content, Instant mtime) throws Exception {
        Path ws = Files.createDirectories(dir.resolve(name));
        Path www = Files.createDirectories(ws.resolve("rootfs/www"));
        Files.writeString(www.resolve("index.html"), content);
        Files.setLastModifiedTime(www.resolve("index.html"), FileTime.from(mtime));
        Files.createDirectories(ws.resolve("rootfs/bin"));
        Files.createSymbolicLink(ws.resolve("rootfs/bin/sh"), Path.of("/bin/busybox"));
        return ws;
    }

    @Test
    void theSameInputsGiveTheSameManifestDigestWhenAndWhereverBuilt() throws Exception {
        ImageRecipe recipe = recipe(BaseImage.scratch(), List.of(new LayerPath("rootfs/", "/")), List.of("/bin/sh"));
        BuiltImage first = builder.build("web", 1, "alice", workspace("a", "hi", Instant.parse("2020-01-01T00:00:00Z")), recipe);
        BuiltImage second = builder.build("web", 2, "bob", workspace("b", "hi", Instant.parse("2025-06-01T00:00:00Z")), recipe);
        assertThat(second.digest()).isEqualTo(first.digest());
        BuiltImage changed = builder.build("web", 3, "bob", workspace("c", "hi!", Instant.EPOCH), recipe);
        assertThat(changed.digest()).isNotEqualTo(first.digest());
        assertThat(store.exists(first.digest())).isTrue();
        assertThat(images.findManifest("web", first.digest()).orElseThrow().run()).hasValue(1);
    }

    @Test
    void theManifestNamesAnUncompressedLayerAndAConfigWithTheRecipesSettings() throws Exception {
        BuiltImage built = builder.build("web", 1, "alice", workspace("a", "hi", Instant.EPOCH),
                recipe(BaseImage.scratch(), List.of(new LayerPath("rootfs/", "/")), List.of("/bin/sh", "-c", "exec httpd")));
        Manifest manifest = Manifest.parse(Files.readAllBytes(store.path(built.digest())), null);
        assertThat(manifest.mediaType()).isEqualTo(OciMediaTypes.OCI_MANIFEST);
        assertThat(manifest.layers()).singleElement().extracting(Descriptor::mediaType).isEqualTo(OciMediaTypes.OCI_LAYER);
        JsonNode config = JSON.readTree(Files.readAllBytes(store.path(manifest.config().orElseThrow().digest())));
        assertThat(config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"exec httpd\"]");
        assertThat(config.at("/config/Env").toString()).contains(ImageConfigs.DEFAULT_PATH, "GREETING=hello");
        assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/www");
        assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(manifest.layers().get(0).digest().toString());
        assertThat(names(store.path(manifest.layers().get(0).digest()))).containsExactly(
                "bin/", "bin/sh", "www/", "www/index.html");
    }

    @Test
    void aFilePlacedUnderADirectoryBringsItsParentsAndAnAppBaseKeepsItsLayers() throws Exception {
        Path ws = workspace("a", "hi", Instant.EPOCH);
        BuiltImage base = builder.build("web", 1, "alice", ws,
                recipe(BaseImage.scratch(), List.of(new LayerPath("rootfs/", "/")), List.of("/bin/sh")));
        images.setTag(new ImageTag("web", "base", base.digest(), TagOwner.USER, Instant.EPOCH));
        Files.writeString(ws.resolve("app.jar"), "jar");
        BuiltImage app = builder.build("web", 2, "alice", ws, new ImageRecipe(new BaseImage("web:base", Optional.empty()),
                List.of(new LayerPath("app.jar", "/opt/app/")), List.of("java", "-jar", "/opt/app/app.jar"), null,
                Map.of(), Optional.empty(), Optional.empty(), OptionalInt.empty(), Map.of(), Optional.empty()));
        assertThat(app.base()).contains(base.digest());
        assertThat(app.layers()).isEqualTo(2);
        Manifest manifest = Manifest.parse(Files.readAllBytes(store.path(app.digest())), null);
        assertThat(names(store.path(manifest.layers().get(1).digest()))).containsExactly("opt/", "opt/app/", "opt/app/app.jar");
        JsonNode config = JSON.readTree(Files.readAllBytes(store.path(manifest.config().orElseThrow().digest())));
        assertThat(config.at("/config/Entrypoint").toString()).contains("java");
        assertThat(config.at("/config/Cmd").isMissingNode()).isTrue();
        assertThat(config.at("/config/Env").toString()).contains("GREETING=hello");
        assertThat(config.at("/rootfs/diff_ids").size()).isEqualTo(2);
    }

    @Test
    void anotherAppsBaseNeedsTheRightToReadIt() throws Exception {
        Path ws = workspace("a", "hi", Instant.EPOCH);
        BuiltImage base = builder.build("other", 1, "admin", ws,
                recipe(BaseImage.scratch(), List.of(new LayerPath("rootfs/", "/")), List.of("/bin/sh")));
        ImageRecipe onOther = recipe(new BaseImage("other@" + base.digest(), Optional.empty()), List.of(), List.of("x"));
        assertThatThrownBy(() -> builder.build("web", 2, "mallory", ws, onOther))
                .hasMessageContaining("belongs to app 'other'").hasMessageContaining("viewer");
        assertThat(builder.build("web", 2, "admin", ws, onOther).base()).contains(base.digest());
        assertThatThrownBy(() -> builder.build("web", 3, "alice", ws,
                recipe(new BaseImage("web:nope", Optional.empty()), List.of(), List.of("x"))))
                .hasMessageContaining("has no tag 'nope'");
        assertThatThrownBy(() -> builder.build("web", 3, "alice", ws,
                recipe(new BaseImage("127.0.0.1:5000/base:1", Optional.empty()), List.of(), List.of("x"))))
                .hasMessageContaining("external registry");
    }

    @Test
    void aPushedImageIsTheManifestThatRunPushed() throws Exception {
        assertThatThrownBy(() -> builder.pushedImage("web", 4, ImageRecipe.pushed("worker")))
                .hasMessageContaining("pushed no manifest to web/worker");
    }

    static List<String> names(Path tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(Files.readAllBytes(tar)))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}

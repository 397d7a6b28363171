package dev.slipway.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two deterministic tars of one build output compared entry by entry: what differs, and in which respect. */
class TarDifferencesTest {
    @TempDir
    Path tmp;

    @Test
    void namesEachDifferingEntryAndWhatDiffers() throws Exception {
        ArtifactStore store = new ArtifactStore(tmp.resolve("store"));
        Path one = workspace("one", "1700000000", "same");
        Path two = workspace("two", "1700000001", "same");
        Files.writeString(one.resolve("dist/longer.txt"), "short");
        Files.writeString(two.resolve("dist/longer.txt"), "much longer");
        Files.setPosixFilePermissions(two.resolve("dist/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(one.resolve("dist/gone.txt"), "only in the first");
        Files.writeString(two.resolve("dist/new.txt"), "only in the second");

        StoredArtifact a = store.store(one, List.of("dist/"));
        StoredArtifact b = store.store(two, List.of("dist/"));
        assertThat(TarDifferences.between(store.path(a.digest()), store.path(b.digest()))).containsExactly(
                "dist/BUILD_ID: content differs",
                "dist/gone.txt: only in the recorded artifact",
                "dist/longer.txt: size, content differ",
                "dist/new.txt: only in the rebuild",
                "dist/run.sh: mode differs");
        assertThat(TarDifferences.between(store.path(a.digest()), store.path(a.digest()))).isEmpty();
    }

    private Path workspace(String name, String buildId, String app) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/BUILD_ID"), buildId);
        Files.writeString(dir.resolve("dist/app.txt"), app);
        Files.writeString(dir.resolve("dist/run.sh"), "echo hi");
        Files.setPosixFilePermissions(dir.resolve("dist/run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        return dir;
    }
}

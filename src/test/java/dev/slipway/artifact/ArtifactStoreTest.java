package dev.slipway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactStoreTest {

    @TempDir
    Path temp;

    private ArtifactStore store;

    @BeforeEach
    void createStore() {
        store = new ArtifactStore(temp.resolve("data/artifacts"));
    }

    @Test
    void sameContentGivesTheSameDigestWhateverTheTimesAndNonExecutablePermissions() throws Exception {
        Path first = workspace("first");
        write(first, "dist/server", "#!/bin/sh\necho hi\n", "rwxr-xr-x");
        write(first, "dist/lib/a.jar", "jar-a", "rw-r--r--");
        write(first, "dist/README", "read me", "rw-r--r--");

        Path second = workspace("second");
        // Different creation order, permissions that differ only outside the executable bit, different times.
        write(second, "dist/README", "read me", "rw-------");
        write(second, "dist/lib/a.jar", "jar-a", "rw-rw-r--");
        write(second, "dist/server", "#!/bin/sh\necho hi\n", "rwx------");
        try (Stream<Path> all = Files.walk(second)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
            }
        }

        StoredArtifact a = store.store(first, List.of("dist/"));
        StoredArtifact b = store.store(second, List.of("dist"));
        StoredArtifact again = store.store(first, List.of("./dist/"));

        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(again).isEqualTo(a);
        assertThat(a.files()).isEqualTo(3);
        assertThat(a.size()).isEqualTo(Files.size(store.path(a.digest())));
        assertThat(store.exists(a.digest())).isTrue();
        assertThat(store.size(a.digest())).isEqualTo(a.size());
        assertThat(store.path(a.digest()))
                .isEqualTo(temp.resolve("data/artifacts/sha256/" + a.digest().hex().substring(0, 2) + "/" + a.digest().hex() + ".tar"));
        assertThat(Digest.ofBytes(Files.readAllBytes(store.path(a.digest())))).isEqualTo(a.digest());
        assertThat(temp.resolve("data/artifacts/incoming")).isEmptyDirectory();
        assertThat(mode(store.path(a.digest()))).isEqualTo("r--r--r--");
    }

    /** Pins the format: a library upgrade that changed a single byte would make every old digest unreproducible. */
    @Test
    void aFixedFixtureHasAFixedDigest() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/bin/server", "#!/bin/sh\necho hello\n", "rwxr-xr-x");
        write(ws, "dist/" + "long-name/".repeat(12) + "file.txt", "deep\n", "rw-r--r--");
        Files.createSymbolicLink(ws.resolve("dist/run"), Paths.get("bin/server"));

        StoredArtifact stored = store.store(ws, List.of("dist/"));

        assertThat(stored.digest()).hasToString("sha256:e93387704b43b8c9055684f003fd86188e39c1514126773bc4a87948d68c75ff");
    }

    @Test
    void nonAsciiNamesAreStoredAsUtf8() throws Exception {
        // The JVM sees file names through the locale: surefire runs the tests under C.UTF-8.
        Path ws = workspace("ws");
        write(ws, "dist/ünïcode-日本.txt", "utf-8", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("dist"));
        store.unpack(stored.digest(), temp.resolve("out"));

        assertThat(TarHeaders.read(store.path(stored.digest()))).extracting(TarHeaders.Header::name).contains("dist/ünïcode-日本.txt");
        assertThat(temp.resolve("out/dist/ünïcode-日本.txt")).hasContent("utf-8");
    }

    @Test
    void anyChangeOfContentNameExecutableBitOrLinkChangesTheDigest() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "v1", "rw-r--r--");
        Digest original = store.store(ws, List.of("dist")).digest();

        write(ws, "dist/app", "v2", "rw-r--r--");
        Digest changedContent = store.store(ws, List.of("dist")).digest();

        Files.setPosixFilePermissions(ws.resolve("dist/app"), PosixFilePermissions.fromString("rwxr--r--"));
        Digest changedMode = store.store(ws, List.of("dist")).digest();

        Files.createSymbolicLink(ws.resolve("dist/current"), Paths.get("app"));
        Digest addedLink = store.store(ws, List.of("dist")).digest();

        assertThat(List.of(original, changedContent, changedMode, addedLink)).doesNotHaveDuplicates();
    }

    @Test
    void unpackRestoresNestedDirectoriesExecutableBitAndSymlinks() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/bin/server", "#!/bin/sh\nexit 0\n", "rwxr-x---");
        write(ws, "dist/lib/deep/er/a.jar", "jar", "rw-------");
        Files.createDirectories(ws.resolve("dist/empty"));
        Files.createSymbolicLink(ws.resolve("dist/run"), Paths.get("bin/server"));
        Files.createSymbolicLink(ws.resolve("dist/lib/deep/up"), Paths.get("../../bin"));
        Files.createSymbolicLink(ws.resolve("dist/dangling"), Paths.get("logs/today"));
        write(ws, "not-in-artifact", "x", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("dist/"));
        Path target = temp.resolve("deploy/release-1");
        store.unpack(stored.digest(), target);

        assertThat(stored.files()).isEqualTo(5);
        assertThat(target.resolve("not-in-artifact")).doesNotExist();
        assertThat(target.resolve("dist/bin/server")).hasContent("#!/bin/sh\nexit 0\n");
        assertThat(mode(target.resolve("dist/bin/server"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(target.resolve("dist/lib/deep/er/a.jar"))).isEqualTo("rw-r--r--");
        assertThat(mode(target.resolve("dist/lib/deep"))).isEqualTo("rwxr-xr-x");
        assertThat(target.resolve("dist/empty")).isEmptyDirectory();
        assertThat(Files.readSymbolicLink(target.resolve("dist/run"))).isEqualTo(Paths.get("bin/server"));
        assertThat(Files.readSymbolicLink(target.resolve("dist/lib/deep/up"))).isEqualTo(Paths.get("../../bin"));
        assertThat(target.resolve("dist/lib/deep/up/server")).hasContent("#!/bin/sh\nexit 0\n");
        assertThat(Files.isSymbolicLink(target.resolve("dist/dangling"))).isTrue();
        assertThat(new ProcessBuilder(target.resolve("dist/run").toString()).start().waitFor()).isZero();
        assertThat(temp.resolve("deploy")).isDirectoryContaining(p -> p.getFileName().toString().equals("release-1"));
        try (Stream<Path> siblings = Files.list(temp.resolve("deploy"))) {
            assertThat(siblings).hasSize(1);
        }
    }

    @Test
    void unpackUnflushedGivesTheSameTreeAndFlushesItLaterEvenAfterTheServiceRemovedAFile() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/bin/server", "#!/bin/sh\nexit 0\n", "rwxr-x---");
        write(ws, "dist/lib/deep/a.jar", "jar", "rw-------");
        Files.createDirectories(ws.resolve("dist/empty"));
        Files.createSymbolicLink(ws.resolve("dist/run"), Paths.get("bin/server"));
        StoredArtifact stored = store.store(ws, List.of("dist/"));

        Path durable = temp.resolve("deploy/durable");
        store.unpack(stored.digest(), durable);
        Path unflushed = temp.resolve("deploy/unflushed");
        ArtifactStore.Unpacked later = store.unpackUnflushed(stored.digest(), unflushed);

        assertThat(tree(unflushed)).isEqualTo(tree(durable)).contains("dist/bin/server rwxr-xr-x #!/bin/sh\nexit 0\n");
        Files.delete(unflushed.resolve("dist/lib/deep/a.jar"));   // a started service may change its directory
        later.flush();
        assertThat(unflushed.resolve("dist/bin/server")).hasContent("#!/bin/sh\nexit 0\n");
        try (Stream<Path> siblings = Files.list(temp.resolve("deploy"))) {
            assertThat(siblings).hasSize(2);
        }
    }

    @Test
    void unpackUnflushedRefusesACorruptedArtifactLeavingNothing() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "the application, byte for byte", "rw-r--r--");
        StoredArtifact stored = store.store(ws, List.of("dist"));
        Path file = store.path(stored.digest());
        byte[] bytes = Files.readAllBytes(file);
        bytes[indexOf(bytes, "byte for byte")] ^= 1;
        overwrite(file, bytes);

        assertThatThrownBy(() -> store.unpackUnflushed(stored.digest(), temp.resolve("deploy/release")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is corrupted");
        assertThat(temp.resolve("deploy")).isEmptyDirectory();
    }

    @Test
    void pathsAreStoredRelativeToTheWorkspaceWithTheirParentDirectories() throws Exception {
        Path ws = workspace("ws");
        write(ws, "build/out/app.jar", "jar", "rw-r--r--");
        write(ws, "build/other", "x", "rw-r--r--");
        write(ws, "VERSION", "1.0", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("build/out/app.jar", "VERSION", "build/out/"));

        assertThat(TarHeaders.read(store.path(stored.digest())))
                .extracting(TarHeaders.Header::name)
                .containsExactly("VERSION", "build/", "build/out/", "build/out/app.jar");
        assertThat(stored.files()).isEqualTo(2);
    }

    @Test
    void everyHeaderIsNormalisedAndLongNamesSurviveTheRoundTrip() throws Exception {
        Path ws = workspace("ws");
        String longPath = "dist/" + "a-rather-long-directory-name/".repeat(6) + "and-a-file-name-that-is-long-too.txt";
        assertThat(longPath.length()).isGreaterThan(200);
        write(ws, longPath, "deep", "rw-r--r--");
        Files.createSymbolicLink(ws.resolve("dist/" + "l".repeat(120)), Paths.get(longPath.substring("dist/".length())));

        StoredArtifact stored = store.store(ws, List.of("dist"));
        Path target = temp.resolve("out");
        store.unpack(stored.digest(), target);

        assertThat(target.resolve(longPath)).hasContent("deep");
        assertThat(target.resolve("dist/" + "l".repeat(120))).hasContent("deep");
        List<TarHeaders.Header> headers = TarHeaders.read(store.path(stored.digest()));
        assertThat(headers).anyMatch(h -> h.type() == 'x');   // PAX headers carry the long names
        assertThat(headers).allSatisfy(h -> {
            assertThat(h.mtime()).isEqualTo(Instant.parse("1980-01-01T00:00:00Z").getEpochSecond());
            assertThat(h.uid()).isZero();
            assertThat(h.gid()).isZero();
            assertThat(h.userName()).isEmpty();
            assertThat(h.groupName()).isEmpty();
            assertThat(h.name()).doesNotStartWith("/");
        });
    }

    @Test
    void theSystemTarReadsWhatWeWrite() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/x/y.txt", "y", "rw-r--r--");
        write(ws, "dist/run.sh", "echo", "rwxr-xr-x");
        StoredArtifact stored = store.store(ws, List.of("dist"));

        Process tar = new ProcessBuilder("tar", "-tvf", store.path(stored.digest()).toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(tar.waitFor()).as(listing).isZero();
        assertThat(listing).contains("drwxr-xr-x 0/0", "-rwxr-xr-x 0/0", "1980-01-01", "dist/x/y.txt", "dist/run.sh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../outside", "dist/../../outside", "dist/..", "..", ""})
    void pathsThatLeaveTheWorkspaceAreRefused(String path) throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "x", "rw-r--r--");

        assertThatThrownBy(() -> store.store(ws, List.of(path)))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("artifact path '" + path + "' leaves the workspace: use a path relative to the workspace root, without '..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../../outside", "../..", "sub/../../../x"})
    void symlinksPointingOutOfTheWorkspaceAreRefused(String target) throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "x", "rw-r--r--");
        Files.createSymbolicLink(ws.resolve("dist/escape"), Paths.get(target));

        assertThatThrownBy(() -> store.store(ws, List.of("dist")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("symlink 'dist/escape' (under artifact path 'dist') points to '" + target + "', outside the workspace");
    }

    @Test
    void aSymlinkThatOnlyLooksInsideButLeadsOutThroughAnotherLinkIsRefused() throws Exception {
        Path ws = workspace("ws");
        Files.createDirectories(ws.resolve("dist"));
        Files.createSymbolicLink(ws.resolve("outside"), temp);         // not part of the artifact
        Files.createSymbolicLink(ws.resolve("dist/sneaky"), Paths.get("../outside"));

        assertThatThrownBy(() -> store.store(ws, List.of("dist")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("symlink 'dist/sneaky'");
    }

    @Test
    void aPathThroughASymlinkLeadingOutIsRefused() throws Exception {
        Path ws = workspace("ws");
        write(temp, "elsewhere/secret", "s", "rw-r--r--");
        Files.createSymbolicLink(ws.resolve("out"), temp.resolve("elsewhere"));

        assertThatThrownBy(() -> store.store(ws, List.of("out/secret")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("goes through a symlink that leads out of the workspace");
    }

    @Test
    void aMissingPathIsRefusedWithAMessageSayingWhatToCheck() throws Exception {
        Path ws = workspace("ws");
        write(ws, "src/main.c", "int main;", "rw-r--r--");

        assertThatThrownBy(() -> store.store(ws, List.of("src", "dist/")))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("artifact path 'dist/' does not exist in the workspace: check that the job's steps produce it");
        assertThatThrownBy(() -> store.store(ws, List.of()))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("no artifact paths given");
        assertThat(temp.resolve("data/artifacts/incoming")).isEmptyDirectory();
    }

    @Test
    void specialFilesAreRefused() throws Exception {
        Path ws = workspace("ws");
        Files.createDirectories(ws.resolve("dist"));
        assertThat(new ProcessBuilder("mkfifo", ws.resolve("dist/pipe").toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> store.store(ws, List.of("dist")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("'dist/pipe' (under artifact path 'dist') is a special file");
    }

    @Test
    void aCorruptedStoredFileIsDetectedOnUnpackAndNothingIsLeftBehind() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "the application, byte for byte", "rw-r--r--");
        StoredArtifact stored = store.store(ws, List.of("dist"));
        Path file = store.path(stored.digest());
        byte[] bytes = Files.readAllBytes(file);
        int content = indexOf(bytes, "byte for byte");
        bytes[content] ^= 1;
        overwrite(file, bytes);

        Path target = temp.resolve("deploy/release");
        assertThatThrownBy(() -> store.unpack(stored.digest(), target))
                .isInstanceOf(ArtifactException.class)
                .hasMessageStartingWith("artifact " + stored.digest() + " is corrupted: the stored file " + file + " hashes to sha256:")
                .hasMessageEndingWith("; delete that file and re-run the pipeline that built it");
        assertThat(temp.resolve("deploy")).isEmptyDirectory();
    }

    @Test
    void aCorruptedHeaderIsReportedAsCorruptionToo() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "x", "rw-r--r--");
        StoredArtifact stored = store.store(ws, List.of("dist"));
        Path file = store.path(stored.digest());
        byte[] bytes = Files.readAllBytes(file);
        bytes[150] ^= 0x7f;   // inside the first header's checksum field
        overwrite(file, bytes);

        Path target = temp.resolve("deploy/release");
        Files.createDirectories(target);   // an empty target is allowed and stays as it was
        assertThatThrownBy(() -> store.unpack(stored.digest(), target))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is corrupted");
        assertThat(target).isEmptyDirectory();
        try (Stream<Path> siblings = Files.list(temp.resolve("deploy"))) {
            assertThat(siblings).containsExactly(target);
        }
    }

    @Test
    void storingAgainRepairsADamagedCopyOfTheSameDigest() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "x", "rw-r--r--");
        StoredArtifact stored = store.store(ws, List.of("dist"));
        overwrite(store.path(stored.digest()), new byte[] {1, 2, 3});

        assertThat(store.store(ws, List.of("dist"))).isEqualTo(stored);
        assertThat(Digest.ofBytes(Files.readAllBytes(store.path(stored.digest())))).isEqualTo(stored.digest());
    }

    @Test
    void unpackRefusesANonEmptyTargetAndAnUnknownDigest() throws Exception {
        Path ws = workspace("ws");
        write(ws, "dist/app", "x", "rw-r--r--");
        StoredArtifact stored = store.store(ws, List.of("dist"));
        Path occupied = temp.resolve("occupied");
        write(occupied, "keep-me", "mine", "rw-r--r--");

        assertThatThrownBy(() -> store.unpack(stored.digest(), occupied))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("the directory is not empty");
        assertThat(occupied.resolve("keep-me")).hasContent("mine");

        Digest unknown = Digest.ofBytes(new byte[] {42});
        assertThat(store.exists(unknown)).isFalse();
        assertThatThrownBy(() -> store.unpack(unknown, temp.resolve("new")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("artifact " + unknown + " is not in the store");
        assertThat(temp.resolve("new")).doesNotExist();
    }

    @Test
    void theWholeWorkspaceCanBeTheArtifact() throws Exception {
        Path ws = workspace("ws");
        write(ws, "a", "1", "rw-r--r--");
        write(ws, "b/c", "2", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("."));

        assertThat(TarHeaders.read(store.path(stored.digest()))).extracting(TarHeaders.Header::name).containsExactly("a", "b/", "b/c");
    }

    @Test
    void theCheckoutsGitRepositoryIsNeverPartOfTheArtifact() throws Exception {
        Path ws = workspace("checkout");
        write(ws, "a", "1", "rw-r--r--");
        write(ws, ".git/HEAD", "ref: refs/heads/main\n", "rw-r--r--");
        write(ws, "sub/.git/HEAD", "a nested repository a step made is the step's output", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("."));

        assertThat(TarHeaders.read(store.path(stored.digest()))).extracting(TarHeaders.Header::name)
                .containsExactly("a", "sub/", "sub/.git/", "sub/.git/HEAD");
        assertThatThrownBy(() -> store.store(ws, List.of("./.git/HEAD")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("artifact path './.git/HEAD' is inside .git, the checkout's git repository");
    }

    @Test
    void aGlobTakesWhatItMatchesWithTheRelativePathsKept() throws Exception {
        Path ws = workspace("globbed");
        write(ws, "target/app-1.0.jar", "jar", "rw-r--r--");
        write(ws, "target/app-1.0-sources.jar", "sources", "rw-r--r--");
        write(ws, "target/classes/App.class", "class", "rw-r--r--");
        write(ws, "target/lib/dep.jar", "dep", "rw-r--r--");
        write(ws, "native/linux/x64/libz.so", "so", "rw-r--r--");
        write(ws, "native/linux/arm/libz.so", "so", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("target/*.jar", "native/**/*.so"));

        assertThat(TarHeaders.read(store.path(stored.digest()))).extracting(TarHeaders.Header::name).containsExactly(
                "native/", "native/linux/", "native/linux/arm/", "native/linux/arm/libz.so", "native/linux/x64/",
                "native/linux/x64/libz.so", "target/", "target/app-1.0-sources.jar", "target/app-1.0.jar");
        Path out = temp.resolve("globbed-out");
        store.unpack(stored.digest(), out);
        assertThat(out.resolve("target/app-1.0.jar")).hasContent("jar");
    }

    @Test
    void aGlobThatMatchesNothingSaysSo() throws Exception {
        Path ws = workspace("empty-glob");
        write(ws, "target/classes/App.class", "class", "rw-r--r--");

        assertThatThrownBy(() -> store.store(ws, List.of("target/*.jar")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("artifact path 'target/*.jar' matches nothing in the workspace");
        assertThatThrownBy(() -> store.store(ws, List.of("nowhere/*.jar")))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("artifact path 'nowhere/*.jar' matches nothing");
    }

    @Test
    void aGlobNeverReachesIntoTheCheckoutsRepository() throws Exception {
        Path ws = workspace("glob-git");
        write(ws, "a.txt", "a", "rw-r--r--");
        write(ws, ".git/description.txt", "git's own", "rw-r--r--");

        StoredArtifact stored = store.store(ws, List.of("**.txt"));

        assertThat(TarHeaders.read(store.path(stored.digest()))).extracting(TarHeaders.Header::name).containsExactly("a.txt");
    }

    private Path workspace(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    private static void write(Path root, String relative, String content, String permissions) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    /** Stored files are read-only; tests that simulate damage must get past that (root would anyway). */
    private static void overwrite(Path file, byte[] bytes) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(file, bytes);
    }

    /** Every path under {@code root} with its mode and, for files, content; links as "-> target". */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path p : all.sorted().toList()) {
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    lines.add(name + " -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    lines.add(name + " " + mode(p));
                } else {
                    lines.add(name + " " + mode(p) + " " + Files.readString(p));
                }
            }
            return lines;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found: " + needle);
    }
}

package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.DirectoryException;
import dev.slipway.pipeline.DirectoryQuery;
import dev.slipway.pipeline.Manifests;
import dev.slipway.pipeline.SourceFile;
import dev.slipway.testing.TestCommits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JGitSource#readDirectory}: a directory of a commit as a bare repository holds it, with its limits. */
class JGitSourceDirectoryTest {
    private static final DirectoryQuery QUERY = Manifests.QUERY;
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private GitStore store;
    private JGitSource source;

    @BeforeEach
    void repository() {
        store = new GitStore(tmp.resolve("repos"));
        store.create("shop");
        source = new JGitSource(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Optional<List<SourceFile>> read(TestCommits commit, String dir) throws Exception {
        return source.readDirectory("shop", commit.commit(store.repository("shop")), dir, QUERY);
    }

    @Test
    void wantedFilesOfTheDirectoryAndItsSubdirectoriesComeWholeInPathOrder() throws Exception {
        List<SourceFile> files = read(new TestCommits()
                .file(".slipway.yml", "stages: []\n")
                .file("k8s/service.yaml", "kind: Service\n")
                .file("k8s/a/deep/config.yml", "kind: ConfigMap\n")
                .file("k8s/a.yml", "kind: Deployment\n")
                .file("k8s/README.md", "not a manifest\n")
                .file("k8s/BIG.YML", "kind: Secret\n")
                .file("k8s/kustomization.json", "{}")
                .file("k8s-other/x.yml", "kind: Ingress\n"), "k8s").orElseThrow();

        assertThat(files).extracting(SourceFile::path)
                .containsExactly("k8s/BIG.YML", "k8s/a.yml", "k8s/a/deep/config.yml", "k8s/service.yaml");
        assertThat(new String(files.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("kind: Deployment\n");
        assertThat(read(new TestCommits().file("deploy/k8s/app.yml", "x: 1\n"), "deploy/k8s").orElseThrow())
                .extracting(SourceFile::path).containsExactly("deploy/k8s/app.yml");
    }

    @Test
    void aDirectoryThatIsNotThereIsEmptyAndOneWithoutWantedFilesIsAnEmptyList() throws Exception {
        assertThat(read(new TestCommits().file("app.yml", "x: 1\n"), "k8s")).isEmpty();
        assertThat(read(new TestCommits().file("k8s/notes.txt", "x\n"), "k8s")).contains(List.of());
    }

    static Stream<Arguments> refusals() {
        UnaryOperator<TestCommits> none = c -> c.file("k8s/app.yml", "kind: Deployment\n");
        return Stream.of(
                Arguments.of("a file where the directory should be", (UnaryOperator<TestCommits>) c -> c
                        .file("k8s", "x"), "k8s: is a file, not a directory"),
                Arguments.of("the directory a symbolic link", (UnaryOperator<TestCommits>) c -> c
                        .symlink("k8s", "/etc"), "k8s: is a symbolic link"),
                Arguments.of("a manifest a symbolic link", (UnaryOperator<TestCommits>) c -> c
                        .symlink("k8s/secret.yml", "../../etc/passwd"), "k8s/secret.yml: is a symbolic link"),
                Arguments.of("any symbolic link under it", (UnaryOperator<TestCommits>) c -> c
                        .symlink("k8s/sub/more", "/srv"), "k8s/sub/more: is a symbolic link"),
                Arguments.of("a submodule under it", (UnaryOperator<TestCommits>) c -> c
                        .submodule("k8s/vendor"), "k8s/vendor: is a git submodule"),
                Arguments.of("the directory a submodule", (UnaryOperator<TestCommits>) c -> c
                        .submodule("k8s"), "k8s: is a git submodule"),
                Arguments.of("201 files", (UnaryOperator<TestCommits>) c -> {
                    for (int i = 0; i < 201; i++) {
                        c.file(String.format("k8s/m%03d.yml", i), "kind: ConfigMap\n");
                    }
                    return c;
                }, "k8s/: has more than 200 files named *.yml or *.yaml"),
                Arguments.of("a file over 1 MiB", (UnaryOperator<TestCommits>) c -> c
                        .file("k8s/big.yaml", new byte[MIB + 1]), "k8s/big.yaml: is 1048577 bytes, over the 1 MiB limit"),
                Arguments.of("over 4 MiB in all", (UnaryOperator<TestCommits>) c -> {
                    for (int i = 0; i < 5; i++) {
                        c.file("k8s/part" + i + ".yml", new byte[MIB - 1000]);
                    }
                    return c;
                }, "k8s/: its files named *.yml or *.yaml add up to more than 4 MiB (crossed at k8s/part4.yml)"),
                Arguments.of("(nothing: the base case)", none, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whatIsNotReadIsRefusedWithItsPathAndWhatToDo(String what, UnaryOperator<TestCommits> change, String message)
            throws Exception {
        TestCommits commit = change.apply(new TestCommits().file(".slipway.yml", "stages: []\n"));
        if (message == null) {
            assertThat(read(commit, "k8s")).isPresent();
            return;
        }
        assertThatThrownBy(() -> read(commit, "k8s")).isInstanceOf(DirectoryException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void exactlyAtEveryLimitIsRead() throws Exception {
        TestCommits many = new TestCommits();
        for (int i = 0; i < 200; i++) {
            many.file(String.format("k8s/m%03d.yml", i), "kind: ConfigMap\n");
        }
        assertThat(read(many, "k8s").orElseThrow()).hasSize(200);

        TestCommits large = new TestCommits().file("k8s/big.yml", new byte[MIB]);
        assertThat(read(large, "k8s").orElseThrow().get(0).bytes()).hasSize(MIB);

        TestCommits total = new TestCommits();
        for (int i = 0; i < 4; i++) {
            total.file("k8s/part" + i + ".yml", new byte[MIB]);
        }
        assertThat(read(total, "k8s").orElseThrow()).hasSize(4);
    }

    @Test
    void aLimitIsCheckedOnSizesSoAHugeFileIsRefusedWithoutBeingRead() throws Exception {
        // over JGit's default streaming threshold (50 MiB): reading it whole would be a large object
        TestCommits huge = new TestCommits().file("k8s/huge.yml", new byte[60 * MIB]);
        assertThatThrownBy(() -> read(huge, "k8s")).isInstanceOf(DirectoryException.class)
                .hasMessageStartingWith("k8s/huge.yml: is 62914560 bytes, over the 1 MiB limit");
    }
}

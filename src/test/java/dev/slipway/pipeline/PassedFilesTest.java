package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passed files reach later stages only, in stage order, over the checkout; a parallel job never sees them. */
class PassedFilesTest {
    @TempDir
    Path run;

    @Test
    void aJobGetsWhatEarlierStagesPassedInStageOrderAndNothingFromItsOwnStage() throws Exception {
        Path compile = workspace("compile", "target/App.class", "compiled");
        assertThat(PassedFiles.keep(compile, 0, List.of("target/", "target/App.class"))).isEmpty();
        Path docs = workspace("docs", "target/App.class", "docs overwrote it");
        assertThat(PassedFiles.keep(docs, 1, List.of("target"))).isEmpty();
        Path sibling = workspace("sibling", "target/sibling.txt", "same stage as docs");
        assertThat(PassedFiles.keep(sibling, 1, List.of("target/sibling.txt"))).isEmpty();

        Path parallel = workspace("parallel", "README", "checkout");
        assertThat(PassedFiles.bringIn(parallel, 1)).containsExactly("compile");
        assertThat(parallel.resolve("target/App.class")).hasContent("compiled");
        assertThat(parallel.resolve("target/sibling.txt")).doesNotExist();

        Path later = workspace("later", "target/App.class", "the checkout's own");
        assertThat(PassedFiles.bringIn(later, 2)).containsExactly("compile", "docs", "sibling");
        assertThat(later.resolve("target/App.class")).hasContent("docs overwrote it");
        assertThat(later.resolve("target/sibling.txt")).hasContent("same stage as docs");
        assertThat(compile.resolve("target")).doesNotExist();
    }

    @Test
    void aMissingPathPassesNothing() throws Exception {
        Path compile = workspace("compile", "target/App.class", "compiled");

        assertThat(PassedFiles.keep(compile, 0, List.of("target/", "dist/")))
                .hasValue("pass path 'dist/' does not exist in the workspace: check that the job's steps produce it");
        assertThat(compile.resolve("target/App.class")).exists();
        assertThat(PassedFiles.bringIn(workspace("later", "x", "x"), 1)).isEmpty();
    }

    @Test
    void aPathThroughALinkOutOfTheWorkspaceIsRefusedAndWhatItPointsAtStays() throws Exception {
        Path outside = Files.createDirectories(run.resolve("outside"));
        Files.writeString(outside.resolve("store.tar"), "someone else's");
        Path compile = workspace("compile", "README", "checkout");
        Files.createSymbolicLink(compile.resolve("target"), outside);

        assertThat(PassedFiles.keep(compile, 0, List.of("target/store.tar"))).hasValue("pass path 'target/store.tar' "
                + "goes through a symlink that leads out of the workspace: name the real directory instead");
        assertThat(outside.resolve("store.tar")).hasContent("someone else's");
        assertThat(PassedFiles.keep(compile, 0, List.of("target"))).as("the link itself moves, not what it points at")
                .isEmpty();
        assertThat(outside.resolve("store.tar")).exists();
    }

    private Path workspace(String job, String file, String content) throws Exception {
        Path workspace = run.resolve(job);
        Files.createDirectories(workspace.resolve(file).getParent());
        Files.writeString(workspace.resolve(file), content);
        return workspace;
    }
}

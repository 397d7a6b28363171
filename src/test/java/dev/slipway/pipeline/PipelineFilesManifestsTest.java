package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.git.GitStore;
import dev.slipway.git.JGitSource;
import dev.slipway.testing.TestCommits;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineFiles}: a commit whose pipeline file names manifests that fail the checks has an invalid pipeline
 * file, with the manifest's message, so every caller refuses it as it refuses a broken file.
 */
class PipelineFilesManifestsTest {
    @TempDir
    Path tmp;
    private GitStore store;
    private PipelineFiles files;

    @BeforeEach
    void repository() {
        store = new GitStore(tmp.resolve("repos"));
        store.create("shop");
        files = new PipelineFiles(new JGitSource(store));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String commit(TestCommits commit) throws Exception {
        return commit.commit(store.repository("shop"));
    }

    @Test
    void manifestsThatPassLeaveTheFileParsed() throws Exception {
        String commit = commit(new TestCommits().file(PipelineParser.FILE, ManifestsTest.PIPELINE)
                .file("k8s/app.yml", ManifestsTest.DEPLOYMENT));
        PipelineFile file = files.at("shop", commit);
        assertThat(file.problem()).isEmpty();
        assertThat(file.spec().orElseThrow().environments().get(0).deploy()).contains(new DeploySpec("k8s"));
    }

    @Test
    void aManifestThatFailsMakesTheFileInvalidWithTheManifestsMessageAndThatIsRemembered() throws Exception {
        String commit = commit(new TestCommits().file(PipelineParser.FILE, ManifestsTest.PIPELINE)
                .file("k8s/app.yml", ManifestsTest.DEPLOYMENT.replace("${REPLICAS}", "${NOPE}")));
        PipelineFile file = files.at("shop", commit);
        assertThat(file.exists()).isTrue();
        assertThat(file.spec()).isEmpty();
        assertThat(file.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("k8s/app.yml:7: unknown variable NOPE: known are"));
        assertThat(files.at("shop", commit)).isSameAs(file);
    }

    @Test
    void theDirectoryMissingMakesTheFileInvalid() throws Exception {
        String commit = commit(new TestCommits().file(PipelineParser.FILE, ManifestsTest.PIPELINE));
        assertThat(files.at("shop", commit).problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("k8s/: no such directory at commit " + commit.substring(0, 7)));
    }

    @Test
    void anInvalidPipelineFileIsReportedAsItselfBeforeAnyManifestIsRead() throws Exception {
        String commit = commit(new TestCommits().file(PipelineParser.FILE, ManifestsTest.PIPELINE + "  - oops\n"));
        assertThat(files.at("shop", commit).problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith(PipelineParser.FILE + ":"));
    }
}

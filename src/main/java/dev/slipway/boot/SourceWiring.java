package dev.slipway.boot;

import dev.slipway.app.Apps;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.git.GitStore;
import dev.slipway.git.JGitSource;
import dev.slipway.pipeline.PipelineFiles;
import java.nio.file.Path;

/** Step 3, what is pushed and built: the apps' git repositories, their pipeline files, and the artifact store. */
record SourceWiring(GitStore git, Apps apps, JGitSource source, PipelineFiles pipelineFiles, ArtifactStore artifacts) {

    static SourceWiring wire(Path data, StoreWiring store, Closer closer) {
        GitStore git = closer.push(new GitStore(data.resolve("repos")));
        Apps apps = new Apps(store.apps(), git, store.db(), store.audit(), store.clock());
        ArtifactStore artifacts = new ArtifactStore(data.resolve("artifacts"));
        JGitSource source = new JGitSource(git);
        return new SourceWiring(git, apps, source, new PipelineFiles(source), artifacts);
    }
}

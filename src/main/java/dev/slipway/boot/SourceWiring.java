package dev.slipway.boot;

import dev.slipway.app.Apps;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Sboms;
import dev.slipway.git.GitStore;
import dev.slipway.git.JGitSource;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.ServerTags;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.store.SqlImageRepository;
import dev.slipway.store.SqlSbomRepository;
import java.nio.file.Path;

/**
 * Step 3, what is pushed and built: the apps' git repositories, their pipeline files, the content store (artifact
 * tars and image blobs), the image repository, the tags the server moves, and the guard that keeps the collector from
 * deleting a blob while a writer (registry, builders) records a reference to it, and the SBOMs kept with artifacts.
 */
record SourceWiring(GitStore git, Apps apps, JGitSource source, PipelineFiles pipelineFiles, ArtifactStore artifacts,
                    ImageRepository images, ServerTags serverTags, BlobGuard blobGuard, Sboms sboms) {

    static SourceWiring wire(Path data, StoreWiring store, Closer closer) {
        GitStore git = closer.push(new GitStore(data.resolve("repos")));
        git.clearStaleLocks(); // the data directory is this process's: a lock here is a crash's leftover
        Apps apps = new Apps(store.apps(), git, store.db(), store.audit(), store.clock());
        ArtifactStore artifacts = new ArtifactStore(data.resolve("artifacts"));
        JGitSource source = new JGitSource(git);
        ImageRepository images = new SqlImageRepository(store.db());
        ServerTags serverTags = new ServerTags(images, store.db(), store.audit(), store.clock());
        return new SourceWiring(git, apps, source, new PipelineFiles(source), artifacts, images, serverTags,
                new BlobGuard(), new Sboms(new SqlSbomRepository(store.db()), artifacts));
    }
}

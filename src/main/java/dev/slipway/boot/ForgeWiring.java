package dev.slipway.boot;

import dev.slipway.Trees;
import dev.slipway.forge.Follows;
import dev.slipway.forge.ForgeCredentials;
import dev.slipway.forge.UpstreamRepository;
import dev.slipway.git.RefEvents;
import dev.slipway.git.UpstreamMirror;
import dev.slipway.secret.ForgeSecrets;
import dev.slipway.store.SqlUpstreamRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Step 7b, followed repositories: what a moved ref means ({@link RefEvents}, shared with the built-in remote), the
 * mirrors that fetch from forges (on a small pool of their own), polling, and creating apps that follow a repository.
 */
record ForgeWiring(RefEvents events, UpstreamRepository upstreams, ForgeCredentials credentials,
                   UpstreamMirror mirror, Follows follows) {
    /** How often polling checks which followed apps are due (each has its own interval, at least this). */
    static final Duration POLL_TICK = Duration.ofSeconds(1);

    static ForgeWiring wire(Path data, String url, StoreWiring store, SourceWiring sources, SecretWiring secrets,
                            EnvironmentWiring environments, PipelineWiring pipeline, PromotionWiring promotion,
                            Closer closer) {
        RefEvents events = new RefEvents(pipeline.pushes(), environments.branchDeployments(), environments.teardowns(),
                promotion.tagPushes(), promotion.envPushes(), url);
        UpstreamRepository upstreams = new SqlUpstreamRepository(store.db());
        ForgeCredentials credentials = new ForgeSecrets(secrets.secrets());
        ExecutorService workers = Executors.newFixedThreadPool(4, Startup.named("slipway-mirror"));
        closer.push(workers::shutdownNow);
        // an SSH look writes the app's key there while it runs: a server killed mid-look left it in clear
        Path sshScratch = data.resolve("forge-ssh");
        Trees.delete(sshScratch);
        UpstreamMirror mirror = new UpstreamMirror(sources.git(), upstreams, credentials, events, sshScratch, workers,
                store.clock());
        Follows follows = new Follows(sources.apps(), sources.git(), upstreams, credentials, mirror, store.db(),
                store.clock());
        return new ForgeWiring(events, upstreams, credentials, mirror, follows);
    }

    /** Polling starts once recovery is done: a look may start runs and teardowns. */
    void startPolling(Closer closer) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(Startup.named("slipway-poll"));
        closer.push(scheduler::shutdownNow);
        mirror.startPolling(scheduler, POLL_TICK);
    }
}

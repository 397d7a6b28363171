package dev.slipway.boot;

import dev.slipway.git.EnvRefKeeper;
import dev.slipway.git.GitCommitHistory;
import dev.slipway.promotion.Candidates;
import dev.slipway.promotion.EnvRefs;
import dev.slipway.promotion.EnvPushes;
import dev.slipway.promotion.Gates;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.promotion.PromotionLedger;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.ReleaseTags;
import dev.slipway.promotion.Restarts;
import dev.slipway.promotion.Rollbacks;
import dev.slipway.promotion.Swaps;
import dev.slipway.promotion.TagPushes;
import dev.slipway.store.SqlPromotionRepository;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Step 7, promotions: the gates and the engine that moves a promotion through them into a deployment (it hears of
 * every finished deployment), the use cases the API, the dashboard and git pushes call, the keeper of the env/
 * refs, which follow what runs, and the image tags that follow it too ({@link ReleaseTags}).
 */
record PromotionWiring(Promotions promotions, Rollbacks rollbacks, Swaps swaps, EnvPushes envPushes,
                       TagPushes tagPushes, EnvRefKeeper envRefs, Restarts restarts) {

    static PromotionWiring wire(StoreWiring store, AuthWiring auth, SourceWiring sources,
                                EnvironmentWiring environments, PipelineWiring pipeline,
                                ProvenanceWiring provenance, Closer closer) {
        var deployments = store.deployments();
        var deployer = environments.deployer();
        SqlPromotionRepository repository = new SqlPromotionRepository(store.db());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Startup.named("promotion"));
        Candidates candidates = new Candidates(store.runs(), store.environments(), deployments,
                sources.pipelineFiles()::specOf);
        PromotionLedger ledger = new PromotionLedger(repository, store.db(), store.audit(), store.clock());
        Gates gates = new Gates(repository, deployments, auth.access(), store.clock(), candidates,
                provenance.provenances(), new GitCommitHistory(sources.git()), pipeline.rebuilds());
        PromotionEngine engine = closer.push(new PromotionEngine(repository, ledger, gates, candidates, deployer,
                deployments, timer));
        deployer.onFinished(engine::deploymentFinished);
        pipeline.rebuilds().onFinished(engine::rebuildFinished);
        // an image live in an environment: env-<ENV>, and a tag push's release tag, point at it (swaps too)
        deployer.onFinished(new ReleaseTags(sources.images(), sources.serverTags(), repository)::deploymentFinished);
        Promotions promotions = new Promotions(repository, ledger, candidates, gates, engine, auth.access());
        Rollbacks rollbacks = new Rollbacks(store.environments(), deployments, candidates, deployer, auth.access(),
                store.audit());
        return new PromotionWiring(promotions, rollbacks,
                new Swaps(store.environments(), deployments, candidates, deployer, auth.access()),
                new EnvPushes(promotions, rollbacks, store.runs()), new TagPushes(promotions, sources.pipelineFiles()),
                envRefs(store, sources, repository, closer),
                new Restarts(store.environments(), deployments, candidates, environments.supervisor(), auth.access()));
    }

    /**
     * The env/ refs follow the records: every committed change of an app is a reason to look at its refs again.
     * Stopped before the database and the repositories it reads.
     */
    private static EnvRefKeeper envRefs(StoreWiring store, SourceWiring sources, SqlPromotionRepository promotions,
                                        Closer closer) {
        EnvRefKeeper keeper = closer.push(new EnvRefKeeper(sources.git(),
                new EnvRefs(store.environments(), store.deployments(), promotions),
                Executors.newSingleThreadExecutor(Startup.named("env-refs"))));
        Runnable unsubscribe = store.db().changes().subscribe(keeper);
        closer.push(unsubscribe::run);
        return keeper;
    }
}

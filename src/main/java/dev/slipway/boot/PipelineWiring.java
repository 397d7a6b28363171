package dev.slipway.boot;

import dev.slipway.Background;
import dev.slipway.pipeline.BuildCache;
import dev.slipway.pipeline.JobAttempts;
import dev.slipway.pipeline.Leftovers;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.RegistryCredentials;
import dev.slipway.pipeline.Pushes;
import dev.slipway.pipeline.RunEngine;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.Workspaces;
import dev.slipway.process.Sandbox;
import dev.slipway.runner.LocalJobExecutor;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Step 6, pipelines: job logs, the run engine (jobs in a bounded pool, each run's stages on a coordinator thread;
 * a successful run hands its artifact to push deploys), pushes that start runs, and what crashed runs left on disk.
 */
record PipelineWiring(LogStore logs, RunEngine engine, Pushes pushes, Leftovers leftovers) {

    static PipelineWiring wire(ServerConfig config, Path data, Sandbox sandbox, StoreWiring store,
                               SourceWiring sources, SecretWiring secrets, EnvironmentWiring environments,
                               RegistryWiring registry, int port, Closer closer) {
        // a job's log hides the app's secrets and the registry token its run holds
        LogMasking masking = app -> {
            UnaryOperator<String> secretValues = secrets.source().maskerFor(app);
            UnaryOperator<String> runTokens = registry.runCredentials().maskerFor(app);
            return line -> runTokens.apply(secretValues.apply(line));
        };
        LogStore logs = new LogStore(data.resolve("logs"), store.clock(), masking, config.jobLogLimit());
        ExecutorService coordinators = Executors.newCachedThreadPool(Startup.named("run"));
        ExecutorService jobPool = Executors.newFixedThreadPool(config.jobSlots(), Startup.named("job"));
        closer.push(() -> {
            Background.stop("runs", coordinators);
            Background.stop("jobs", jobPool);
        });
        RunLedger runLedger = new RunLedger(store.runs(), store.artifacts(), store.db(), store.audit(), store.clock());
        BuildCache caches = new BuildCache(data.resolve("caches"));
        JobAttempts attempts = new JobAttempts(store.runs(), runLedger, sources.source(), new LocalJobExecutor(sandbox),
                sources.artifacts(), logs, data.resolve("work"), caches, registry.imageBuilder(),
                new RegistryCredentials(registry.runCredentials(), RegistryWiring.address(port)),
                sources.blobGuard());
        RunEngine engine = closer.push(new RunEngine(store.runs(), runLedger, attempts,
                environments.branchDeployments(), coordinators, jobPool));
        Pushes pushes = new Pushes(store.runs(), runLedger, sources.source(), sources.pipelineFiles(), engine,
                sources.artifacts(), environments.branchDeployments(), registry.imageBuilder());
        Leftovers leftovers = new Leftovers(new Workspaces(data.resolve("work"), store.runs()), sources.artifacts(),
                caches);
        return new PipelineWiring(logs, engine, pushes, leftovers);
    }
}

package dev.slipway.boot;

import dev.slipway.Background;
import dev.slipway.target.docker.TargetEngine;
import dev.slipway.pipeline.BuildCache;
import dev.slipway.pipeline.JobAttempts;
import dev.slipway.pipeline.JobSboms;
import dev.slipway.pipeline.Leftovers;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.RegistryCredentials;
import dev.slipway.pipeline.Pushes;
import dev.slipway.pipeline.RunEngine;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.Rebuilds;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.store.SqlRebuildRepository;
import dev.slipway.pipeline.Workspaces;
import dev.slipway.process.Sandbox;
import dev.slipway.runner.ChosenExecutor;
import dev.slipway.runner.ContainerJobExecutor;
import dev.slipway.runner.PodExecutors;
import dev.slipway.runner.PodWorkspaces;
import dev.slipway.runner.RegisteredExecutors;
import dev.slipway.runner.JobEngine;
import dev.slipway.runner.JobEngines;
import dev.slipway.runner.LocalJobExecutor;
import dev.slipway.target.ExecutorRegistry;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.kubernetes.Clusters;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Step 6, pipelines: job logs, the run engine (jobs in a bounded pool, each run's stages on a coordinator thread;
 * a successful run hands its artifact to push deploys), pushes that start runs, and what crashed runs left on disk;
 * jobs run on this host, or, when they say {@code container:}, on the first executor an admin registered: in a
 * container on a Docker engine, or as a pod on a Kubernetes cluster.
 */
record PipelineWiring(LogStore logs, RunEngine engine, Pushes pushes, Leftovers leftovers,
                      ContainerJobExecutor jobContainers, PodExecutors jobPods, PodWorkspaces podWorkspaces,
                      Rebuilds rebuilds) {
    /**
     * The most bytes of tar a job's pod may send back (its workspace with what it built): as large as a build's
     * output reasonably gets, small enough that a runaway job cannot fill the server's disk unnoticed.
     */
    static final long POD_UPLOAD_LIMIT = 2L << 30; // 2 GiB

    static PipelineWiring wire(ServerConfig config, Path data, Sandbox sandbox, StoreWiring store,
                               SourceWiring sources, SecretWiring secrets, EnvironmentWiring environments,
                               RegistryWiring registry, TargetWiring targets, ProvenanceWiring provenance, int port,
                               Closer closer) {
        // a job's log hides the app's secrets and the registry token its run holds
        LogMasking masking = app -> {
            UnaryOperator<String> secretValues = secrets.source().maskerFor(app);
            UnaryOperator<String> runTokens = registry.runCredentials().maskerFor(app);
            return line -> runTokens.apply(secretValues.apply(line));
        };
        LogStore logs = new LogStore(data.resolve("logs"), store.clock(), masking, config.jobLogLimit());
        // the workspaces of jobs running as pods, which they fetch and send back over the API (web.api.JobFilesApi);
        // one pod executor per registered kubernetes executor, its client closed after the jobs have stopped
        PodWorkspaces podWorkspaces = new PodWorkspaces();
        RegisteredExecutors registered = registered(targets.executors());
        PodExecutors pods = closer.push(new PodExecutors(registered, Clusters::open, podWorkspaces,
                registry.publicUrl().toString(), POD_UPLOAD_LIMIT));
        ExecutorService coordinators = Executors.newCachedThreadPool(Startup.named("run"));
        ExecutorService jobPool = Executors.newFixedThreadPool(config.jobSlots(), Startup.named("job"));
        closer.push(() -> {
            Background.stop("runs", coordinators);
            Background.stop("jobs", jobPool);
        });
        RunLedger runLedger = new RunLedger(store.runs(), store.artifacts(), store.db(), store.audit(), store.clock(),
                provenance.provenances(), registry.referrers());
        BuildCache caches = new BuildCache(data.resolve("caches"));
        // a server that stopped without closing an executor's client left its TLS files: removed before any job runs
        ContainerJobExecutor containers = new ContainerJobExecutor(engines(targets.executors()),
                TargetEngine.clearKeys(data.resolve("executor-keys")));
        ChosenExecutor executor = new ChosenExecutor(new LocalJobExecutor(sandbox), containers, pods, registered);
        JobAttempts attempts = new JobAttempts(store.runs(), runLedger, sources.source(), executor,
                sources.artifacts(), logs, data.resolve("work"), caches, registry.imageBuilder(),
                new RegistryCredentials(registry.runCredentials(), RegistryWiring.address(port)),
                sources.blobGuard(), sboms(store, sources, registry));
        RunEngine engine = closer.push(new RunEngine(store.runs(), runLedger, attempts,
                environments.branchDeployments(), coordinators, jobPool));
        Pushes pushes = new Pushes(store.runs(), runLedger, sources.source(), sources.pipelineFiles(), engine,
                sources.artifacts(), environments.branchDeployments(), registry.imageBuilder());
        Leftovers leftovers = new Leftovers(new Workspaces(data.resolve("work"), store.runs()), sources.artifacts(),
                caches);
        // reproducibility checks: the same executors, a scratch store and workspaces of their own, nothing kept
        Path rebuildsDir = data.resolve("rebuilds");
        Rebuilds rebuilds = closer.push(new Rebuilds(new SqlRebuildRepository(store.db()), store.runs(),
                sources.pipelineFiles(), sources.source(), executor, sources.artifacts(),
                new ArtifactStore(rebuildsDir.resolve("scratch")),
                new LogStore(rebuildsDir.resolve("logs"), store.clock(), masking, config.jobLogLimit()),
                rebuildsDir.resolve("work"), store.db(), store.audit(), store.clock(),
                Executors.newSingleThreadExecutor(Startup.named("rebuild")), registry.imageBuilder()));
        return new PipelineWiring(logs, engine, pushes, leftovers, containers, pods, podWorkspaces, rebuilds);
    }

    /** Jobs' {@code sbom:} documents, kept with the run's artifact and attached to it when it is an image. */
    private static JobSboms sboms(StoreWiring store, SourceWiring sources, RegistryWiring registry) {
        return new JobSboms(sources.sboms(), sources.artifacts(), registry.referrers(), sources.blobGuard(),
                store.clock());
    }

    /** The admins' executors as the runner reaches them (the runner does not know the target package). */
    private static JobEngines engines(ExecutorRegistry executors) {
        return new JobEngines() {
            @Override
            public java.util.Optional<JobEngine> forJobs() {
                return executors.forJobs().map(PipelineWiring::engine);
            }

            @Override
            public java.util.List<JobEngine> all() {
                return executors.connections().stream().map(PipelineWiring::engine).toList();
            }
        };
    }

    /** The admins' executors of both kinds, as the runner chooses among them. */
    private static RegisteredExecutors registered(ExecutorRegistry executors) {
        return new RegisteredExecutors() {
            @Override
            public java.util.Optional<TargetConnection> forJobs() {
                return executors.first();
            }

            @Override
            public java.util.List<TargetConnection> clusters() {
                return executors.clusters();
            }
        };
    }

    private static JobEngine engine(TargetConnection c) {
        return new JobEngine(c.name(), c.endpoint(), c.caPem(), c.certPem(), c.keyPem());
    }
}

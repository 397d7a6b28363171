package dev.slipway.boot;

import dev.slipway.process.Sandbox;
import dev.slipway.web.ApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the whole server with constructors, one named step at a time in dependency order (store, auth, sources,
 * secrets, environments, pipelines, promotions, watch, then the edges), runs the start-up steps, starts serving;
 * and takes it down in reverse.
 */
public final class Slipway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Slipway.class);

    private final Closer closer = new Closer();
    private final String url;
    private ApiServer api;
    private RegistryWiring registry;
    private PipelineWiring pipeline;

    private Slipway(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /**
     * What the engine of registered target {@code target} pulls deployments' images with (this registry at the
     * public address, user {@code target-NAME}, its pull token).
     */
    public dev.slipway.environment.docker.PullCredential pullCredential(String target) {
        return registry.pullCredential(target);
    }

    /**
     * The workspaces open to jobs running as pods and the runs' credentials they present: what a pod executor
     * (runner.PodJobExecutor) is built with, and what tests of the pod API start a job's side with.
     */
    public dev.slipway.runner.PodWorkspaces podWorkspaces() {
        return pipeline.podWorkspaces();
    }

    public dev.slipway.image.RunCredentials runCredentials() {
        return registry.runCredentials();
    }

    /** Every API route with the permission it requires. */
    public List<String> routeTable() {
        return api.routeTable();
    }

    public static Slipway start(ServerConfig config) {
        DataDirLock claim = Startup.claimDataDir(config.dataDir()); // a second server on this data dir stops here
        Path data = claim.dir();
        int port;
        try {
            port = config.port() == 0 ? Startup.freePort(config.host())
                    : Startup.checkPortFree(config.host(), config.port());
        } catch (RuntimeException e) {
            Startup.closeQuietly(claim);
            throw e;
        }
        Slipway slipway = new Slipway("http://" + config.host() + ":" + port);
        slipway.closer.push(claim); // released last, once everything else has stopped
        try {
            slipway.wire(config, data, port);
            return slipway;
        } catch (RuntimeException e) {
            slipway.close();
            throw e;
        }
    }

    private void wire(ServerConfig config, Path data, int port) {
        Duration sweepEvery = Startup.idleSweepInterval();
        Sandbox sandbox = Startup.sandbox(config.isolation(), data, Startup.BWRAP);
        StoreWiring store = StoreWiring.open(config, data, closer);
        AuthWiring auth = AuthWiring.wire(config, store);
        SourceWiring sources = SourceWiring.wire(data, store, closer);
        SecretWiring secrets = SecretWiring.wire(data, store, auth, sources);
        TargetWiring targets = TargetWiring.wire(store, auth, secrets);
        registry = RegistryWiring.wire(store, auth, sources, secrets, targets, config.publicUrl(port));
        EnvironmentWiring environments = EnvironmentWiring.wire(config, data, sandbox, store, auth, sources, secrets,
                targets, registry, closer);
        ProvenanceWiring provenance = ProvenanceWiring.wire(data, store, sources, registry);
        pipeline = PipelineWiring.wire(config, data, sandbox, store, sources, secrets, environments,
                registry, targets, provenance, port, closer);
        PromotionWiring promotion = PromotionWiring.wire(store, auth, sources, environments, pipeline, provenance,
                closer);
        environments.watch(store, sources, closer);
        RetentionWiring retention = RetentionWiring.wire(config, store, sources);
        ForgeWiring forge = ForgeWiring.wire(data, url, store, sources, secrets, environments, pipeline, promotion,
                closer);
        ReportWiring reports = ReportWiring.wire(store, forge, registry, closer);
        HookWiring hooks = HookWiring.wire(store, forge);

        StartupSteps.ensureAdmin(config, data, auth);
        StartupSteps.recover(environments, pipeline, promotion);
        StartupSteps.repairEnvRefs(store, promotion);
        StartupSteps.scheduleSweeps(sweepEvery, environments, pipeline, registry, closer);
        StartupSteps.scheduleCollection(config.gcEvery(), retention.gc(), closer);
        environments.supervisor().start(); // after Recovery: what it restarts or adopts is then watched
        environments.convergence().start(EnvironmentWiring.HEALTH_TICK); // likewise: it converges what Recovery left
        hooks.webhooks().resumeUnsettled(); // before polling: a delivery cut short by a crash looks first
        forge.startPolling(closer);
        reports.reports().start(); // likewise: what Recovery settled is reported

        api = WebWiring.wire(config, port, url, new WebWiring.Wired(store, auth, sources, secrets, environments,
                pipeline, promotion, registry, retention, targets, forge, reports, hooks, provenance));
        try {
            api.start();
        } catch (RuntimeException e) {
            throw new StartupException(Startup.portMessage(config.host(), port), e);
        }
        closer.push(api);
        log.info("Slipway is serving on {} (data: {})", url, data);
    }

    /**
     * Stops in reverse order of start: HTTP first (no new pushes), then the background work (sweeps, watchdog,
     * promotion gates, runs, deployments: each stopped and waited for), services (only with --stop-services: they
     * outlive the server otherwise), router, and the database last.
     */
    @Override
    public void close() {
        closer.close();
    }
}

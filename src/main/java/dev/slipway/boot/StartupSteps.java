package dev.slipway.boot;

import dev.slipway.Background;
import dev.slipway.retention.Gc;
import dev.slipway.retention.GcReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server does once it is wired and before it serves, in this order: the first admin; then settling what a
 * crash or stop left (each a {@link Startup#recover} step, logged and survived); then the sweeps that run for as
 * long as the server does.
 */
final class StartupSteps {
    private static final Logger log = LoggerFactory.getLogger(StartupSteps.class);

    private StartupSteps() {
    }

    /** Creates the admin (and its token file) on the first start; refuses to start when that cannot be done. */
    static void ensureAdmin(ServerConfig config, Path data, AuthWiring auth) {
        auth.bootstrap().ensureAdmin(data, config.adminToken());
    }

    static void recover(EnvironmentWiring environments, PipelineWiring pipeline, PromotionWiring promotion) {
        // before Recovery: an environment whose branch was deleted while we were down is not worth starting again
        Startup.recover("tearing down environments whose branch is gone", () -> environments.sweeps()
                .tearDownBranchless().forEach(env -> log.info("{}: torn down, its branch no longer exists", env)));
        // before any job can run
        Startup.recover("removing what crashed runs left on disk", pipeline.leftovers()::atStart);
        // a crash kills local jobs with the server, but a job's container would run on: killed and removed
        Startup.recover("removing job containers a crash left on the executors", () -> pipeline.jobContainers()
                .removeLeftovers().forEach(c -> log.info("removed the container of {}, left by a crash", c)));
        // likewise a job's pod: deleted with its Secret; a cluster that does not answer is logged and skipped
        Startup.recover("removing job pods a crash left on the kubernetes executors", () -> pipeline.jobPods()
                .removeLeftovers().forEach(p -> log.info("removed job pod {}, left by a crash", p)));
        Startup.recover("recovering deployments", () -> {
            environments.recovery().run();
            environments.routerSync().run(); // only after a whole recovery: else it could drop a route still needed
        });
        Startup.recover("starting again the rebuilds a stop cut off", pipeline.rebuilds()::recover);
        Startup.recover("recovering promotions", promotion.promotions()::recover);
        Startup.recover("recovering runs", pipeline.pushes()::recover);
    }

    /**
     * After deployments and promotions are settled: every env/ ref is compared with what its environment runs and
     * put right (a crash between a deployment going live and its ref moving leaves it behind), each repair logged.
     */
    static void repairEnvRefs(StoreWiring store, PromotionWiring promotion) {
        Startup.recover("repairing the env/ refs", () -> promotion.envRefs()
                .repair(store.apps().list().stream().map(dev.slipway.app.App::name).toList()));
    }

    /** Idle per-branch environments torn down and leftover workspaces removed, {@code every} (SLIPWAY_IDLE_SWEEP). */
    static void scheduleSweeps(Duration every, EnvironmentWiring environments, PipelineWiring pipeline,
                               RegistryWiring registry, Closer closer) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(Startup.named("sweep"));
        closer.push(() -> Background.stop("sweeps", sweeper));
        sweeper.scheduleWithFixedDelay(environments.sweeps()::sweepIdle, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(pipeline.leftovers()::sweep, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        // an upload nobody resumes would otherwise keep its file until the next upload starts
        sweeper.scheduleWithFixedDelay(registry.registry()::expireIdleUploads, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The content store's collector, {@code every} (--gc-every; never when empty), the first time at most ten minutes
     * after the start (a server restarted more often than daily still collects); its own thread, as a collection of
     * a large store may take a while. Each result (or failure) is logged.
     */
    static void scheduleCollection(Optional<Duration> every, Gc gc, Closer closer) {
        if (every.isEmpty()) {
            log.info("the content store is collected only on `slipway gc` (--gc-every off)");
            return;
        }
        long millis = every.get().toMillis();
        ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor(Startup.named("gc"));
        closer.push(() -> Background.stop("the collector", collector));
        long first = Math.min(millis, Duration.ofMinutes(10).toMillis());
        collector.scheduleWithFixedDelay(() -> collect(gc), first, millis, TimeUnit.MILLISECONDS);
    }

    private static void collect(Gc gc) {
        try {
            GcReport.Totals t = gc.collect("slipway", false).total();
            log.info("content store collected: {} blobs deleted ({} bytes), {} manifests, {} blob links and {} artifacts "
                    + "forgotten", t.blobs(), t.bytes(), t.manifests(), t.links(), t.artifacts());
        } catch (RuntimeException e) {
            log.error("collecting the content store failed; the next collection tries again", e);
        }
    }
}

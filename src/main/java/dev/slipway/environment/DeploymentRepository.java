package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface DeploymentRepository {
    /** Allocates the app's next deployment id and stores the deployment QUEUED. */
    Deployment create(NewDeployment deployment);

    /** Compare-and-set on the deployment's state. */
    boolean move(String app, long id, DeploymentState from, DeploymentState to, Instant at, String reason);

    void setService(String app, long id, RunningService service);

    /**
     * In one transaction: the deployment DEPLOYING → LIVE, the environment's previous live deployment
     * LIVE → RETIRED, and the environment's live pointer moved. Returns false (and changes nothing) if the
     * deployment was no longer DEPLOYING.
     */
    boolean goLive(String app, String environment, long id, Instant at);

    /** Records the blue/green slot a deployment runs in and how long it stays warm once swapped away. */
    void setSlot(String app, long id, String slot, Duration keepWarm);

    /**
     * In one transaction: the deployment {@code from} (READY or WARM) → LIVE, the environment's other WARM
     * deployments → RETIRED, its LIVE one → WARM, and the environment's live pointer moved. Returns false (and
     * changes nothing) if the deployment was no longer in {@code from}.
     */
    boolean swap(String app, String environment, long id, DeploymentState from, Instant at);

    /** The environment's READY and WARM deployments (blue/green: running, not live), newest first. */
    List<Deployment> parked(String app, String environment);

    /** Every READY or WARM deployment: what a restarting server must adopt or stop. */
    List<Deployment> parked();

    Optional<Deployment> find(String app, long id);

    List<Deployment> history(String app, String environment, int limit);

    /** What a run's artifact became: every deployment made from that run, in any environment, oldest first. */
    List<Deployment> ofRun(String app, long run);

    /**
     * For every environment the app has now, in one read: the deployment its live pointer names, its newest
     * deployment and its newest READY or WARM one (each once, in no particular order; the newest READY or WARM of a
     * torn-down environment may come along). What a status page needs without a query per environment.
     */
    List<Deployment> current(String app);

    /** {@link #current(String)} for every app at once, in one read: what the overview needs. */
    List<Deployment> currentOfAll();

    /** The environment's deployments that went live (LIVE, WARM or RETIRED), newest first: what it has served. */
    List<Deployment> wentLive(String app, String environment);

    /**
     * Deployments of {@code digest} that went live (LIVE, WARM or RETIRED) in any environment the app has now whose
     * pipeline-file name is {@code specName} (every dev-* instance of "dev"), newest first.
     */
    List<Deployment> wentLive(String app, String specName, Digest digest);

    /** QUEUED or DEPLOYING deployments: work a restarting server must settle. */
    List<Deployment> unfinished();

    /** Deployments that still have a process recorded but are not LIVE, READY or WARM: what a crash left behind. */
    List<Deployment> orphaned();
}

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

    /**
     * {@link #current(String)} for the fixed (not per-branch) environments of every app at once, in one read: what
     * the overview shows as each app's path. The newest READY or WARM of other environments may come along.
     */
    List<Deployment> currentOfFixed();

    /**
     * How many of an app's per-branch environments have something live (or not) and a newest deployment in state
     * {@code latest} (null: none yet).
     */
    record BranchEnvironments(String app, boolean live, DeploymentState latest, int count) {}

    /** The per-branch (dev-*) environments of every app, counted that way, in one read, by app. */
    List<BranchEnvironments> branchEnvironments();

    /** The environment's deployments that went live (LIVE, WARM or RETIRED), newest first: what it has served. */
    List<Deployment> wentLive(String app, String environment);

    /**
     * Deployments of {@code digest} that went live (LIVE, WARM or RETIRED) in any environment the app has now whose
     * pipeline-file name is {@code specName} (every dev-* instance of "dev"), newest first.
     */
    List<LiveSpan> wentLive(String app, String specName, Digest digest);

    /** How long a deployment of {@code digest} served an environment whose pipeline-file name is {@code specName}. */
    record InSpec(String specName, Digest digest, LiveSpan span) {}

    /**
     * {@link #wentLive(String, String, Digest)} for the digest of every PENDING promotion, in one read: each
     * deployment of such a digest that went live in an environment the app has now, by app and newest first.
     */
    List<InSpec> wentLiveOfPending();

    /** QUEUED or DEPLOYING deployments: work a restarting server must settle. */
    List<Deployment> unfinished();

    /** Deployments that still have a process recorded but are not LIVE, READY or WARM: what a crash left behind. */
    List<Deployment> orphaned();
}

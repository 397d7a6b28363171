package dev.slipway.promotion;

import dev.slipway.Background;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.Release;
import dev.slipway.pipeline.Rebuild;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves promotions along: a PENDING one whose gates all pass is APPROVED and deployed; a DEPLOYING one settles
 * when its deployment ends. Gates are evaluated again whenever something they wait for may have changed: a
 * decision, a deployment of the app finishing, or the time a soak ends (a timer, re-created from the records
 * after a restart). Every move is a compare-and-set, so a timer and a request racing on one promotion are safe.
 */
public final class PromotionEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PromotionEngine.class);
    /** Stored times are milliseconds; waking a little late keeps a timer from firing just before its moment. */
    private static final Duration TIMER_SLACK = Duration.ofMillis(20);

    private final PromotionRepository promotions;
    private final PromotionLedger ledger;
    private final Gates gates;
    private final Candidates candidates;
    private final Deployer deployer;
    private final DeploymentRepository deployments;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    public PromotionEngine(PromotionRepository promotions, PromotionLedger ledger, Gates gates, Candidates candidates,
                           Deployer deployer, DeploymentRepository deployments, ScheduledExecutorService timer) {
        this.promotions = promotions;
        this.ledger = ledger;
        this.gates = gates;
        this.candidates = candidates;
        this.deployer = deployer;
        this.deployments = deployments;
        this.timer = timer;
    }

    /** Takes the promotion as far as its gates allow now. */
    void advance(String app, long id) {
        Optional<Promotion> found = promotions.find(app, id);
        if (found.isEmpty()) {
            return;
        }
        Promotion p = found.get();
        switch (p.state()) {
            case PENDING -> evaluate(p);
            case APPROVED -> deploy(p);
            default -> cancelTimer(p);
        }
    }

    /** After a restart: waiting promotions are evaluated again (re-arming soak timers), admitted ones deployed. */
    public void recover() {
        for (Promotion p : promotions.open()) {
            try {
                switch (p.state()) {
                    case PENDING -> evaluate(p);
                    case APPROVED -> deploy(p);
                    case DEPLOYING -> settleAfterRestart(p);
                    default -> { }
                }
            } catch (RuntimeException e) {
                log.error("{} of {}: could not resume", p.label(), p.app(), e);
            }
        }
    }

    /** A deployment of the app ended: what its waiting promotions wait for may have changed. */
    public void deploymentFinished(Deployment d) {
        try {
            timer.execute(() -> {
                for (Promotion p : promotions.open(d.app())) {
                    if (p.state() == PromotionState.PENDING) {
                        safely(p.app(), p.id());
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            // Slipway is stopping; recover() evaluates every waiting promotion on the next start
        }
    }

    /** A reproducibility check of the app ended: a promotion whose {@code reproducible} gate waited may pass now. */
    public void rebuildFinished(Rebuild r) {
        try {
            timer.execute(() -> {
                for (Promotion p : promotions.open(r.app())) {
                    if (p.state() == PromotionState.PENDING && p.commit().equals(r.commit())) {
                        safely(p.app(), p.id());
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            // Slipway is stopping; recover() evaluates every waiting promotion on the next start
        }
    }

    private void evaluate(Promotion p) {
        Optional<Candidate> candidate = candidates.of(p);
        if (candidate.isEmpty()) {
            log.warn("{} of {}: the pipeline file at {} cannot be read; it stays PENDING", p.label(), p.app(), p.commit());
            return;
        }
        List<GateStatus> statuses = gates.evaluate(p, candidate.get().target());
        if (statuses.stream().allMatch(GateStatus::passed)) {
            cancelTimer(p);
            if (ledger.admit(p)) {
                deploy(promotions.find(p.app(), p.id()).orElseThrow(), candidate.get());
            }
            return;
        }
        statuses.stream().filter(s -> !s.passed()).flatMap(s -> s.retryAt().stream())
                .min(Comparator.naturalOrder()).ifPresent(at -> schedule(p, at));
    }

    private void deploy(Promotion p) {
        Optional<Candidate> candidate = candidates.of(p);
        if (candidate.isEmpty()) {
            if (ledger.startDeploying(p)) {
                ledger.finish(p, PromotionState.ERRORED, "the pipeline file at commit " + Elapsed.commit(p.commit())
                        + " can no longer be read, so the service cannot be started; request the promotion again");
            }
            return;
        }
        deploy(p, candidate.get());
    }

    private void deploy(Promotion p, Candidate c) {
        if (!ledger.startDeploying(p)) {
            return;
        }
        Deployer.Queued queued;
        try {
            Release release = new Release(p.digest(), p.commit(), p.run());
            queued = deployer.queue(p.source() == PromotionSource.TAG
                    ? DeployOrder.tag(p.app(), p.environment(), release, p.requestedBy(), c.target(), c.service())
                    : DeployOrder.promotion(p.app(), p.environment(), release, p.requestedBy(), c.target(), c.service()));
        } catch (RuntimeException e) {
            log.error("{} of {}: the deployment could not be queued", p.label(), p.app(), e);
            ledger.finish(p, PromotionState.ERRORED, "Slipway could not start the deployment: " + e.getMessage());
            return;
        }
        ledger.deploymentQueued(p, queued.deployment().id());
        queued.result().whenComplete((d, error) -> settle(p, d));
    }

    private void settle(Promotion p, Deployment d) {
        if (d == null) {
            ledger.finish(p, PromotionState.ERRORED, "the deployment did not report how it ended");
            return;
        }
        String what = "deployment #" + d.id();
        switch (d.state()) {
            case LIVE, WARM, RETIRED -> ledger.finish(p, PromotionState.SUCCEEDED, what + " went live in " + d.environment());
            case READY -> ledger.finish(p, PromotionState.SUCCEEDED, what + " is READY in the idle slot of "
                    + d.environment() + ": `slipway swap " + p.app() + " " + d.environment() + "` sends traffic to it");
            case FAILED -> ledger.finish(p, PromotionState.FAILED, what + " FAILED: " + d.reason());
            case ERRORED, CANCELLED -> ledger.finish(p, PromotionState.ERRORED, what + " " + d.state() + ": " + d.reason());
            default -> log.warn("{} of {}: {} is still {}", p.label(), p.app(), what, d.state());
        }
    }

    /** Recovery has already ended every deployment that was interrupted, so a recorded one is final by now. */
    private void settleAfterRestart(Promotion p) {
        Optional<Deployment> d = p.deploymentId().flatMap(id -> deployments.find(p.app(), id));
        if (d.isEmpty()) {
            ledger.finish(p, PromotionState.ERRORED, "Slipway stopped before this promotion's deployment was queued; "
                    + "request the promotion again");
            return;
        }
        settle(p, d.get());
    }

    private void schedule(Promotion p, Instant at) {
        long delay = Math.max(0, Duration.between(ledger.now(), at).plus(TIMER_SLACK).toMillis());
        ScheduledFuture<?> next;
        try {
            next = timer.schedule(() -> safely(p.app(), p.id()), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return; // recover() re-arms it on the next start
        }
        ScheduledFuture<?> previous = timers.put(key(p), next);
        if (previous != null && previous != next) {
            previous.cancel(false);
        }
    }

    private void cancelTimer(Promotion p) {
        ScheduledFuture<?> t = timers.remove(key(p));
        if (t != null) {
            t.cancel(false);
        }
    }

    private void safely(String app, long id) {
        try {
            advance(app, id);
        } catch (RuntimeException e) {
            log.error("promotion #{} of {}: evaluating its gates failed", id, app, e);
        }
    }

    /**
     * Stops evaluating: the timer is shut down and an evaluation under way is waited for, so it never meets a
     * closed database. Soak timers need no saving: {@link #recover} re-arms them from the records on the next start.
     */
    @Override
    public void close() {
        Background.stop("promotion gates", timer);
        timers.clear();
    }

    private static String key(Promotion p) {
        return p.app() + "#" + p.id();
    }
}

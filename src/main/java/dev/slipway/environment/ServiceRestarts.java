package dev.slipway.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link Supervisor} does to a running deployment's service: finds which ones should be running, reads the
 * end of a service's output, turns the router's page to "down" and starts a service again in place — the same
 * deployment, its files and launch, a new process — audited with whoever asked.
 */
final class ServiceRestarts {
    private static final Logger log = LoggerFactory.getLogger(ServiceRestarts.class);
    static final int LAST_LINES = 20;

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final DeployTarget target;
    private final Router router;
    private final Starts starts;
    private final ServiceLogs logs;

    ServiceRestarts(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, SecretSource secrets, ServiceLogs logs) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.target = target;
        this.router = router;
        this.starts = new Starts(router, secrets);
        this.logs = logs;
    }

    /** Every deployment whose service should be running: each environment's LIVE one, and the READY and WARM ones. */
    List<Deployment> running() {
        List<Deployment> running = new ArrayList<>();
        for (Environment env : environments.all()) {
            env.live().flatMap(id -> deployments.find(env.app(), id)).filter(d -> d.state() == DeploymentState.LIVE)
                    .ifPresent(running::add);
        }
        running.addAll(deployments.parked());
        return running;
    }

    Optional<Deployment> reload(Deployment d) {
        return deployments.find(d.app(), d.id());
    }

    /** The environment's live deployment. */
    Optional<Deployment> live(String app, String environment) {
        return environments.find(app, environment).flatMap(Environment::live).flatMap(id -> deployments.find(app, id));
    }

    /** A LIVE deployment's environment answers the router's 503 page saying {@code state}; others need nothing. */
    void down(Deployment d, ServiceTrouble.State state) {
        if (d.state() == DeploymentState.LIVE) {
            environments.find(d.app(), d.environment()).filter(env -> env.live().equals(Optional.of(d.id())))
                    .ifPresent(env -> router.down(env.app(), env.name(), env.port(), state.name()));
        }
    }

    /**
     * Stops what is left of the service and starts it again from its files; a LIVE one is routed to again once
     * healthy (the router says RESTARTING meanwhile). Throws, with the reason masked and audited, if it fails.
     */
    Deployment restart(Deployment d, String actor) throws DeployFailedException {
        Environment env = environments.find(d.app(), d.environment()).orElseThrow(() -> new DeployFailedException(
                "environment " + d.environment() + " is gone"));
        down(d, ServiceTrouble.State.RESTARTING);
        RunningService previous = d.service();
        RunningService now;
        try {
            // recorded before it is healthy, as a deployment's is: a crash meanwhile leaves Recovery a process to reap
            now = target.restart(starts.of(d, env).reporting(spawned -> deployments.setService(d.app(), d.id(), spawned)),
                    previous);
        } catch (DeployFailedException | RuntimeException e) {
            String reason = starts.masked(d.app(), e.getMessage() == null ? e.toString() : e.getMessage());
            ledger.restartFailed(d, actor, reason);
            log.warn("{}/{}: restarting deployment {} failed: {}", d.app(), d.environment(), d.id(), reason);
            throw new DeployFailedException(reason);
        }
        deployments.setService(d.app(), d.id(), now);
        Deployment restarted = reload(d).orElseThrow();
        if (restarted.state() == DeploymentState.LIVE) {
            router.route(env.app(), env.name(), env.port(), target.upstreams(now));
        }
        ledger.serviceRestarted(restarted, actor, previous, now);
        log.info("{}/{}: deployment {} restarted by {} (pid {})", d.app(), d.environment(), d.id(), actor, now.pid());
        return restarted;
    }

    /** Audits and logs that the service stopped ({@code what}), with its last lines, and what happens now. */
    void recordStop(Deployment d, String what, List<String> lastLines, String next) {
        log.warn("{}/{}: the service of deployment {} stopped: {}; {}", d.app(), d.environment(), d.id(), what, next);
        lastLines.forEach(line -> log.warn("[{}/{} #{}] {}", d.app(), d.environment(), d.id(), line));
        ledger.serviceStopped(d, what, next);
    }

    /** The last lines the service wrote, its secrets hidden; none if the target kept no output. */
    List<String> lastLines(Deployment d) {
        Deque<String> last = new ArrayDeque<>();
        try {
            Optional<BufferedReader> output = logs.open(d.app(), d.environment(), d.id());
            if (output.isEmpty()) {
                return List.of();
            }
            try (BufferedReader in = output.get()) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (last.size() == LAST_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
            }
        } catch (IOException e) {
            return List.of("(its output could not be read: " + e.getMessage() + ")");
        }
        return last.isEmpty() ? List.of() : List.of(starts.masked(d.app(), String.join("\n", last)).split("\n", -1));
    }
}

package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.audit.AuditEntry;
import dev.slipway.pipeline.RestartPolicy;
import dev.slipway.pipeline.SwapMode;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor at its own level: services of the in-memory target crash or stop answering, and each restart
 * policy, the backoff, the watch window and `slipway restart` are seen through the status, the audit log and what the
 * environment's address answers. Short backoffs; no fixed sleeps.
 */
class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(60));
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newHttpClient();
    private final WatchClaims claims = new WatchClaims();
    private final ServiceConditions conditions = new ServiceConditions();
    private DeployWorld world;
    private Supervisor supervisor;

    @BeforeEach
    void aWorld() throws Exception {
        world = new DeployWorld();
    }

    @AfterEach
    void close() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
        timer.shutdownNow();
        world.close();
    }

    /** From now on every running service is supervised with {@code policy}; its output reads "starting", "boom". */
    private void supervise(RestartPolicy policy) {
        ServiceLogs logs = (app, env, id) -> Optional.of(new BufferedReader(new StringReader("starting\nboom\n")));
        supervisor = new Supervisor(world.environments, world.deployments, world.ledger, world.deployer, world.target,
                world.router, SecretSource.NONE, logs, d -> policy, claims, conditions,
                new Supervisor.Settings(Duration.ofMillis(50), 3, FAST), timer);
        supervisor.start();
    }

    private EnvironmentStatus status(String environment) {
        return new Environments(world.environments, world.deployments, world.router, conditions).status(DeployWorld.APP)
                .stream().filter(s -> s.environment().name().equals(environment)).findFirst().orElseThrow();
    }

    /** Oldest first. */
    private List<AuditEntry> audited(String action) {
        return world.audit.list(DeployWorld.APP, 0, 1000).stream().filter(e -> e.action().equals(action))
                .sorted(java.util.Comparator.comparingLong(AuditEntry::seq)).toList();
    }

    private boolean serves(String environment, Deployment d) {
        try {
            return world.serving(environment).equals("hello/" + environment + " #" + d.id());
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void onFailureRestartsACrashedLiveServiceInPlaceAndAuditsIt() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment live = world.push("staging", 1);

        world.target.crash(live.service(), 137);

        await().atMost(WAIT).until(() -> !world.reload(live).service().equals(live.service()) && serves("staging", live));
        assertThat(world.live("staging").orElseThrow().id()).as("the same deployment, started again").isEqualTo(live.id());
        assertThat(world.target.started).hasSize(2);
        assertThat(audited("service.crashed")).singleElement().satisfies(e -> assertThat(e.after())
                .contains("exit code 137").contains("restart: on-failure, restarting in 100 ms (restart 1)"));
        await().atMost(WAIT).until(() -> audited("service.restarted").size() == 1);
        assertThat(audited("service.restarted").get(0).actor()).isEqualTo(Supervisor.ACTOR);
        await().atMost(WAIT).until(() -> status("staging").state().equals("LIVE"));
    }

    @Test
    void neverLeavesItCrashedWithItsExitCodeAndLastLinesBehindA503UntilSomeoneRestartsIt() throws Exception {
        supervise(RestartPolicy.NEVER);
        Deployment live = world.push("staging", 1);

        world.target.crash(live.service(), 137);

        await().atMost(WAIT).until(() -> status("staging").state().equals("CRASHED"));
        ServiceTrouble trouble = status("staging").trouble().orElseThrow();
        assertThat(trouble.exitCode()).hasValue(137);
        assertThat(trouble.lastLines()).containsExactly("starting", "boom");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(world.status("staging").url() + "/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("hello / staging is CRASHED").contains("slipway restart hello staging");
        assertThat(world.target.started).as("not restarted").hasSize(1);
        assertThat(audited("service.crashed")).singleElement().satisfies(e -> assertThat(e.after())
                .contains("restart: never, so it stays down"));

        Deployment restarted = supervisor.restart(DeployWorld.APP, "staging", "alice").join();

        assertThat(restarted.id()).isEqualTo(live.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
        assertThat(status("staging").state()).isEqualTo("LIVE");
        assertThat(audited("service.restarted")).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("alice"));
    }

    @Test
    void aCleanExitIsLeftAloneByOnFailure() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment staging = world.push("staging", 1);

        world.target.crash(staging.service(), 0);

        await().atMost(WAIT).until(() -> status("staging").state().equals("CRASHED"));
        assertThat(status("staging").trouble().orElseThrow().exitCode()).hasValue(0);
        assertThat(world.target.started).hasSize(1);
    }

    @Test
    void aCleanExitIsRestartedByAlways() {
        supervise(RestartPolicy.ALWAYS);
        Deployment staging = world.push("staging", 1);

        world.target.crash(staging.service(), 0);

        await().atMost(WAIT).until(() -> world.target.started.size() == 2 && serves("staging", staging));
    }

    @Test
    void restartsThatFailBackOffLongerEachTimeUpToTheCap() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment live = world.push("staging", 1);
        world.target.failing(live.digest());

        world.target.crash(live.service(), 1);

        await().atMost(WAIT).until(() -> audited("service.crashed").size() >= 5);
        assertThat(audited("service.crashed").stream().map(AuditEntry::after).toList().subList(0, 5))
                .satisfiesExactly(
                        e -> assertThat(e).contains("restarting in 100 ms (restart 1)"),
                        e -> assertThat(e).contains("restarting in 200 ms (restart 2)"),
                        e -> assertThat(e).contains("restarting in 400 ms (restart 3)"),
                        e -> assertThat(e).contains("restarting in 400 ms (restart 4)"),
                        e -> assertThat(e).contains("restarting in 400 ms (restart 5)"));
        assertThat(audited("service.restart_failed")).isNotEmpty();
        assertThat(status("staging").state()).isIn("RESTARTING", "CRASHED");

        world.target.recovering(live.digest());
        await().atMost(WAIT).until(() -> serves("staging", live) && status("staging").state().equals("LIVE"));
    }

    @Test
    void aServiceThatStopsAnsweringItsHealthCheckIsRestarted() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment live = world.push("staging", 1);

        world.target.healthy(live.service(), false);

        await().atMost(WAIT).until(() -> !world.reload(live).service().equals(live.service()));
        assertThat(audited("service.crashed")).first().satisfies(e -> assertThat(e.after())
                .contains("did not answer its health check /healthz 3 times in a row"));
        await().atMost(WAIT).until(() -> serves("staging", live));
    }

    @Test
    void aCrashInsideTheWatchWindowIsRolledBackNotRestarted() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment first = world.push("staging", 1);
        world.deployer.onFinished(new Watchdog(world.deployments, world.ledger, world.deployer,
                new TargetHealth(world.target), d -> Optional.of(Duration.ofMinutes(1)), timer, claims)::deploymentFinished);
        Deployment second = world.push("staging", 2);

        world.target.crash(second.service(), 137);

        await().atMost(WAIT).until(() -> world.live("staging").map(d -> d.digest().equals(first.digest())).orElse(false));
        await().atMost(WAIT).until(() -> !claims.claimed(second));
        assertThat(audited("deployment.auto_rollback")).hasSize(1);
        assertThat(audited("service.crashed")).as("the supervisor left it to the watch").isEmpty();
        assertThat(audited("service.restarted")).isEmpty();
        assertThat(world.target.started).as("v1, v2 and v1 put back; v2 never restarted").hasSize(3);
    }

    @Test
    void afterTheWatchWindowTheRestartPolicyApplies() {
        supervise(RestartPolicy.ON_FAILURE);
        world.push("staging", 1);
        world.deployer.onFinished(new Watchdog(world.deployments, world.ledger, world.deployer,
                new TargetHealth(world.target), d -> Optional.of(Duration.ofMillis(300)), timer, claims)::deploymentFinished);
        Deployment second = world.push("staging", 2);
        await().atMost(WAIT).until(() -> !claims.claimed(second));

        world.target.crash(second.service(), 137);

        await().atMost(WAIT).until(() -> audited("service.restarted").size() == 1 && serves("staging", second));
        assertThat(audited("deployment.auto_rollback")).isEmpty();
    }

    @Test
    void versionsReplacedByNewerDeploymentsAreNotTakenForCrashes() throws Exception {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment last = null;
        for (int version = 1; version <= 6; version++) {
            last = world.push("staging", version);
        }

        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + last.id());
        assertThat(audited("service.crashed")).isEmpty();
        assertThat(status("staging").state()).isEqualTo("LIVE");
    }

    @Test
    void aWarmServiceThatCrashesIsStartedAgainSoASwapBackStaysInstant() {
        supervise(RestartPolicy.ON_FAILURE);
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.AUTO, Duration.ofMinutes(10));
        world.pushBlueGreen("staging", 2, SwapMode.AUTO, Duration.ofMinutes(10));
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.WARM);

        world.target.crash(blue.service(), 137);

        await().atMost(WAIT).until(() -> world.target.isAlive(world.reload(blue).service()));
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.WARM);
    }
}

package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.NewDeployment;
import dev.slipway.forge.CallOutcome;
import dev.slipway.forge.Forge;
import dev.slipway.forge.ForgeCall;
import dev.slipway.forge.ForgeCredentials;
import dev.slipway.forge.ReportLinks;
import dev.slipway.forge.ReportLoop;
import dev.slipway.forge.ReportSender;
import dev.slipway.forge.StatusReports;
import dev.slipway.forge.Upstream;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.RunState;
import dev.slipway.testing.ForgeApiReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs and deployments recorded through the real ledgers, reported by the real harvester and sender to a real HTTP
 * server standing in for the forge, on every database.
 */
abstract class ForgeReportsContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String TOKEN = "ghp_forgeTokenThatMustNeverLeak0123456789";
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String BASE = "https://slipway.example:8443";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private ForgeApiReceiver forge;
    private SqlRunRepository runs;
    private SqlDeploymentRepository deployments;
    private SqlUpstreamRepository upstreams;
    private RunLedger runLedger;
    private DeploymentLedger deploymentLedger;
    private SqlAuditRepository auditEntries;
    private ReportLoop loop;
    private Runnable unsubscribe;

    @BeforeEach
    void setUp() throws Exception {
        forge = ForgeApiReceiver.start();
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        runs = new SqlRunRepository(db);
        deployments = new SqlDeploymentRepository(db);
        upstreams = new SqlUpstreamRepository(db);
        auditEntries = new SqlAuditRepository(db);
        AuditLog audit = new AuditLog(auditEntries, clock);
        runLedger = new RunLedger(runs, new SqlArtifactRepository(db), db, audit, clock);
        deploymentLedger = new DeploymentLedger(deployments, db, audit, clock);
        audit.record("admin", "app.created", "hello", "app hello", null, "created"); // history: never reported
        secrets.put("hello", TOKEN);
    }

    @AfterEach
    void tearDown() {
        stopReports();
        forge.close();
    }

    private void follow(Forge kind, String url, String apiPrefix) {
        upstreams.create(new Upstream("hello", url, Optional.of(kind), Optional.of(forge.url(apiPrefix)),
                Optional.empty(), Optional.empty(), Upstream.DEFAULT_POLL, true, true, T0, "admin"));
    }

    /** What boot does: the harvester, the sender and their loop, woken by every commit. */
    private void startReports() {
        SqlForgeCallRepository calls = new SqlForgeCallRepository(db);
        StatusReports harvester = new StatusReports(auditEntries, calls, upstreams, runs, deployments,
                new ReportLinks(BASE), clock);
        ForgeCredentials credentials = new ForgeCredentials() {
            @Override
            public Optional<String> read(String app, String name) {
                return ForgeCredentials.TOKEN.equals(name) ? Optional.ofNullable(secrets.get(app)) : Optional.empty();
            }

            @Override
            public void store(String actor, String app, String name, String value) {
                secrets.put(app, value);
            }
        };
        loop = new ReportLoop(harvester, new ReportSender(calls, upstreams, credentials, ReportSender.client(), clock),
                calls, Executors.newSingleThreadScheduledExecutor(), clock);
        unsubscribe = db.changes().subscribe(apps -> loop.wake());
        harvester.harvest(); // the first start: the cursor at the head, before anything below is recorded
        loop.start();
    }

    private void stopReports() {
        if (loop != null) {
            unsubscribe.run();
            loop.close();
            loop = null;
        }
    }

    private Run queued() {
        return runLedger.create(new NewRun("hello", "main", SHA, "tree", "sha256:pipe", "alice", clock.instant(),
                List.of()), "refs/heads/main", null);
    }

    private List<ForgeApiReceiver.Call> awaitCalls(int count) {
        await().atMost(WAIT).until(() -> forge.calls().size() >= count);
        return forge.calls();
    }

    private List<ForgeCall> reports() {
        return new SqlForgeCallRepository(db).list("hello", 100);
    }

    @Test
    void aRunQueuedRunningAndSucceededIsThreeGitHubStatusesLinkingToItsPage() {
        follow(Forge.GITHUB, "https://github.com/Acme/Hello.git", "/api/v3");
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.RUNNING, null);
        runLedger.move("slipway", "hello", run.number(), RunState.RUNNING, RunState.SUCCEEDED, null);

        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.path()).isEqualTo("/api/v3/repos/acme/hello/statuses/" + SHA);
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(call.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(call.json().get("target_url").asText()).isEqualTo(BASE + "/ui/apps/hello/runs/1");
            assertThat(call.json().get("context").asText()).isEqualTo("slipway/hello");
        });
        assertThat(calls).extracting(c -> c.json().get("state").asText())
                .containsExactly("pending", "pending", "success");
        assertThat(calls).extracting(c -> c.json().get("description").asText())
                .containsExactly("run #1 queued", "run #1 running", "run #1 succeeded");
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).extracting(ForgeCall::outcome)
                .containsOnly(CallOutcome.SENT));
        assertThat(reports().get(0)).extracting(ForgeCall::attempts, ForgeCall::httpStatus).containsExactly(1, 201);
    }

    @Test
    void aFailedRunIsAFailureWithItsReason() {
        follow(Forge.GITHUB, "git@github.com:acme/hello.git", "");
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.FAILED,
                "job build exited with 1\nmore lines");

        List<ForgeApiReceiver.Call> calls = awaitCalls(2);
        assertThat(calls.get(1).path()).isEqualTo("/repos/acme/hello/statuses/" + SHA);
        assertThat(calls.get(1).json().get("state").asText()).isEqualTo("failure");
        assertThat(calls.get(1).json().get("description").asText()).isEqualTo("run #1 failed: job build exited with 1");
    }

    @Test
    void gitLabIsSentAFormWithItsOwnWordsAndThePrivateTokenHeader() {
        follow(Forge.GITLAB, "https://gitlab.example/Group/Sub/Hello.git", "/api/v4");
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.RUNNING, null);
        runLedger.move("slipway", "hello", run.number(), RunState.RUNNING, RunState.CANCELLED, null);

        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/api/v4/projects/group%2Fsub%2Fhello/statuses/" + SHA);
            assertThat(call.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
            assertThat(call.header("Authorization")).isNull();
            assertThat(call.form()).containsEntry("name", "slipway/hello").containsEntry("ref", "main")
                    .containsEntry("target_url", BASE + "/ui/apps/hello/runs/1");
        });
        assertThat(calls).extracting(c -> c.form().get("state")).containsExactly("pending", "running", "canceled");
    }

    @Test
    void giteaIsSentJsonWithATokenAuthorization() {
        follow(Forge.GITEA, "https://gitea.example/acme/hello", "/api/v1");
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.ERRORED, "workspace lost");

        List<ForgeApiReceiver.Call> calls = awaitCalls(2);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/api/v1/repos/acme/hello/statuses/" + SHA);
            assertThat(call.header("Authorization")).isEqualTo("token " + TOKEN);
            assertThat(call.json().get("context").asText()).isEqualTo("slipway/hello");
        });
        assertThat(calls).extracting(c -> c.json().get("state").asText()).containsExactly("pending", "error");
    }

    @Test
    void aForgeThatIsDownIsAskedAgainAndNoLaterStatusOvertakesTheFailedOne() {
        follow(Forge.GITHUB, "https://github.com/acme/hello", "");
        forge.answer(500, "{\"message\":\"Server Error\"}", 1);
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.RUNNING, null);

        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        assertThat(calls).extracting(c -> c.json().get("description").asText())
                .containsExactly("run #1 queued", "run #1 queued", "run #1 running");
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).extracting(ForgeCall::outcome)
                .containsOnly(CallOutcome.SENT));
        ForgeCall first = reports().get(1);
        assertThat(first).extracting(ForgeCall::attempts, ForgeCall::httpStatus).containsExactly(2, 201);
        assertThat(first.lastError()).isNull();
    }

    @Test
    void aForgeNobodyAnswersForIsTriedAgainWhileTheRunGoesOn() throws Exception {
        String closed;
        try (ForgeApiReceiver gone = ForgeApiReceiver.start()) {
            closed = gone.url("");
        }
        upstreams.create(new Upstream("hello", "https://github.com/acme/hello", Optional.of(Forge.GITHUB),
                Optional.of(closed), Optional.empty(), Optional.empty(), Upstream.DEFAULT_POLL, true, true, T0, "admin"));
        startReports();
        Run run = queued();
        assertThat(runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.SUCCEEDED, null)).isTrue();

        await().atMost(WAIT).untilAsserted(() -> assertThat(reports().get(1).attempts()).isPositive());
        ForgeCall waiting = reports().get(1);
        assertThat(waiting.outcome()).isEqualTo(CallOutcome.PENDING);
        assertThat(waiting.httpStatus()).isNull();
        assertThat(waiting.lastError()).startsWith("no answer from 127.0.0.1: java.net.ConnectException");
        assertThat(reports().get(0).attempts()).as("the later status waits its turn").isZero();
        assertThat(runs.find("hello", run.number()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aRefusalIsGivenUpAtOnceWithTheForgesAnswerAndNeverTheToken() {
        follow(Forge.GITHUB, "https://github.com/acme/hello", "");
        forge.answer(401, "{\"message\":\"Bad credentials: " + TOKEN + "\"}", 1);
        startReports();
        queued();

        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).extracting(ForgeCall::outcome)
                .containsExactly(CallOutcome.GAVE_UP));
        ForgeCall refused = reports().get(0);
        assertThat(refused).extracting(ForgeCall::attempts, ForgeCall::httpStatus).containsExactly(1, 401);
        assertThat(refused.lastError()).startsWith("HTTP 401: {\"message\":\"Bad credentials: ***\"}")
                .doesNotContain(TOKEN);
        assertThat(forge.calls()).hasSize(1);
    }

    @Test
    void aRestartNeitherLosesNorRepeatsACall() {
        follow(Forge.GITHUB, "https://github.com/acme/hello", "");
        startReports();
        Run run = queued();
        // sent and recorded as sent: a call the forge took just as the server stopped is sent again (at least once)
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).extracting(ForgeCall::outcome)
                .containsExactly(CallOutcome.SENT));
        stopReports();
        // recorded while no reporter runs (the server is down, or between harvests)
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.RUNNING, null);
        runLedger.move("slipway", "hello", run.number(), RunState.RUNNING, RunState.SUCCEEDED, null);

        startReports(); // a new harvester and sender on the same database
        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).hasSize(3).extracting(ForgeCall::outcome)
                .containsOnly(CallOutcome.SENT));
        assertThat(forge.calls()).as("nothing sent twice").hasSize(3);
        assertThat(calls).extracting(c -> c.json().get("description").asText())
                .containsExactly("run #1 queued", "run #1 running", "run #1 succeeded");
    }

    @Test
    void aDeploymentIsCreatedOnGitHubThenGivenItsStates() {
        follow(Forge.GITHUB, "https://github.com/acme/hello", "/api/v3");
        startReports();
        Deployment d = deploymentLedger.create(new NewDeployment("hello", "staging", Digest.ofBytes(new byte[] {7}),
                SHA, 4, DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz", Duration.ofSeconds(30),
                Map.of()), clock.instant()));
        deploymentLedger.move(d, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null);
        deploymentLedger.goLive(d, null);

        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        assertThat(calls.get(0).path()).isEqualTo("/api/v3/repos/acme/hello/deployments");
        assertThat(calls.get(0).json().get("ref").asText()).isEqualTo(SHA);
        assertThat(calls.get(0).json().get("environment").asText()).isEqualTo("staging");
        assertThat(calls.get(0).json().get("auto_merge").asBoolean()).isFalse();
        assertThat(calls.get(0).json().get("required_contexts")).isEmpty();
        assertThat(calls.subList(1, 3)).allSatisfy(call -> {
            assertThat(call.path()).isEqualTo("/api/v3/repos/acme/hello/deployments/1001/statuses");
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(call.json().get("log_url").asText()).isEqualTo(BASE + "/ui/apps/hello/environments/staging");
        });
        assertThat(calls.subList(1, 3)).extracting(c -> c.json().get("state").asText())
                .containsExactly("in_progress", "success");
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).extracting(ForgeCall::outcome)
                .containsOnly(CallOutcome.SENT));
        assertThat(reports().get(2).forgeId()).isEqualTo("1001");
    }

    @Test
    void aFailedDeploymentIsAFailureAndOneQueuedBeforeReportsBeganIsLeftAlone() {
        follow(Forge.GITHUB, "https://github.com/acme/hello", "");
        Deployment before = deploymentLedger.create(newDeployment("production"));
        startReports();
        deploymentLedger.move(before, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null);
        Deployment d = deploymentLedger.create(newDeployment("staging"));
        deploymentLedger.move(d, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null);
        deploymentLedger.move(d, DeploymentState.DEPLOYING, DeploymentState.FAILED, "health check /healthz: 503\nmore");

        List<ForgeApiReceiver.Call> calls = awaitCalls(3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(reports()).hasSize(3).extracting(ForgeCall::outcome)
                .containsOnly(CallOutcome.SENT));
        assertThat(calls).extracting(ForgeApiReceiver.Call::path).containsExactly("/repos/acme/hello/deployments",
                "/repos/acme/hello/deployments/1001/statuses", "/repos/acme/hello/deployments/1001/statuses");
        assertThat(calls.get(0).json().get("environment").asText()).isEqualTo("staging");
        assertThat(calls.get(2).json().get("state").asText()).isEqualTo("failure");
        assertThat(calls.get(2).json().get("description").asText())
                .isEqualTo("deployment #2 failed: health check /healthz: 503");
    }

    private NewDeployment newDeployment(String environment) {
        return new NewDeployment("hello", environment, Digest.ofBytes(environment.getBytes()), SHA, 4,
                DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz", Duration.ofSeconds(30), Map.of()),
                clock.instant());
    }

    @Test
    void anAppThatDoesNotWantReportsGetsNone() {
        upstreams.create(new Upstream("hello", "https://github.com/acme/hello", Optional.of(Forge.GITHUB),
                Optional.of(forge.url("")), Optional.empty(), Optional.empty(), Upstream.DEFAULT_POLL, false, false,
                T0, "admin"));
        startReports();
        Run run = queued();
        runLedger.move("slipway", "hello", run.number(), RunState.QUEUED, RunState.SUCCEEDED, null);
        await().atMost(WAIT).until(() -> new SqlForgeCallRepository(db).cursor().orElse(0L)
                >= auditEntries.list(null, 0, 1).get(0).seq());
        assertThat(reports()).isEmpty();
        assertThat(forge.calls()).isEmpty();
    }
}

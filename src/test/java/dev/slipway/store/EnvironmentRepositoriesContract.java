package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Environment;
import dev.slipway.environment.Launch;
import dev.slipway.environment.LiveSpan;
import dev.slipway.environment.NewDeployment;
import dev.slipway.environment.RunningService;
import dev.slipway.promotion.NewPromotion;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.PromotionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every EnvironmentRepository and DeploymentRepository must do, on every database. */
abstract class EnvironmentRepositoriesContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private SqlEnvironmentRepository environments;
    private SqlDeploymentRepository deployments;
    private final AtomicInteger ports = new AtomicInteger(20000);

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
    }

    private Deployment deployment(String env) {
        return deployment(env, Digest.ofBytes(env.getBytes()));
    }

    private Deployment deployment(String env, Digest digest) {
        return deployments.create(new NewDeployment("hello", env, digest, "c".repeat(40), 1,
                DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz", Duration.ofSeconds(30),
                Map.of("GREETING", "hi")), T0));
    }

    @Test
    void aDeploymentKeepsItsStopGraceAndLivenessPathForTheNextServer() {
        Launch launch = new Launch("./run", "/ready", Duration.ofSeconds(30), Map.of(), java.util.List.of(),
                Duration.ofMillis(1500), "/live");
        Deployment created = deployments.create(new NewDeployment("hello", "staging", Digest.ofBytes(new byte[] {1}),
                "c".repeat(40), 1, DeploymentTrigger.PUSH, "alice", launch, T0));

        Launch read = deployments.find("hello", created.id()).orElseThrow().launch();
        assertThat(read).isEqualTo(launch);
        assertThat(read.stopGrace()).isEqualTo(Duration.ofMillis(1500));
        assertThat(read.liveness()).isEqualTo("/live");
        assertThat(deployment("production").launch().stopGrace()).as("the default").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void ensureCreatesOnceAndKeepsThePort() {
        Environment first = environments.ensure("hello", "dev-x", "dev", "x", ports::incrementAndGet, T0);
        Environment again = environments.ensure("hello", "dev-x", "dev", "x", ports::incrementAndGet, T0);
        assertThat(again).isEqualTo(first);
        assertThat(first.port()).isEqualTo(20001);
        assertThat(first.branch()).isEqualTo("x");
        assertThat(first.live()).isEmpty();
    }

    @Test
    void ensurePicksAnotherPortWhenOneIsTaken() {
        environments.ensure("hello", "staging", "staging", null, () -> 30000, T0);
        AtomicInteger tries = new AtomicInteger();
        Environment other = environments.ensure("hello", "dev-y", "dev", "y",
                () -> tries.getAndIncrement() == 0 ? 30000 : 30001, T0);
        assertThat(other.port()).isEqualTo(30001);
    }

    @Test
    void movePortIsACompareAndSetAndAnotherEnvironmentsPortIsRefused() {
        environments.ensure("hello", "staging", "staging", null, () -> 30000, T0);
        environments.ensure("hello", "production", "production", null, () -> 30001, T0);

        assertThat(environments.movePort("hello", "staging", 30005, 30002)).as("not on 30005").isFalse();
        assertThat(environments.movePort("hello", "nowhere", 30000, 30002)).as("no such environment").isFalse();
        assertThat(environments.find("hello", "staging").orElseThrow().port()).isEqualTo(30000);
        assertThatThrownBy(() -> environments.movePort("hello", "staging", 30000, 30001))
                .as("production's port").isInstanceOf(RuntimeException.class);
        assertThat(environments.find("hello", "staging").orElseThrow().port()).isEqualTo(30000);

        assertThat(environments.movePort("hello", "staging", 30000, 30002)).isTrue();
        assertThat(environments.find("hello", "staging").orElseThrow().port()).isEqualTo(30002);
        assertThat(environments.ensure("hello", "dev-z", "dev", "z", () -> 30000, T0).port())
                .as("the old port is free for others").isEqualTo(30000);
    }

    @Test
    void deploymentsAreNumberedAndKeepTheirLaunch() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment d1 = deployment("staging");
        Deployment d2 = deployment("staging");
        assertThat(d1.id()).isEqualTo(1);
        assertThat(d2.id()).isEqualTo(2);
        assertThat(d1.state()).isEqualTo(DeploymentState.QUEUED);
        assertThat(d1.launch().config()).containsEntry("GREETING", "hi");
        assertThat(d1.launch().startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(deployments.history("hello", "staging", 10)).extracting(Deployment::id).containsExactly(2L, 1L);
    }

    @Test
    void goLiveRetiresThePreviousAndMovesThePointerInOneStep() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment d1 = deployment("staging");
        deployments.move("hello", d1.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        assertThat(deployments.goLive("hello", "staging", d1.id(), T0)).isTrue();
        Deployment d2 = deployment("staging");
        assertThat(deployments.goLive("hello", "staging", d2.id(), T0)).as("not DEPLOYING yet").isFalse();
        deployments.move("hello", d2.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        assertThat(deployments.goLive("hello", "staging", d2.id(), T0.plusSeconds(5))).isTrue();

        assertThat(environments.find("hello", "staging").orElseThrow().live()).contains(d2.id());
        assertThat(deployments.find("hello", d1.id()).orElseThrow().state()).isEqualTo(DeploymentState.RETIRED);
        Deployment live = deployments.find("hello", d2.id()).orElseThrow();
        assertThat(live.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(live.finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void retiringStampsTheTimeAndWentLiveListsWhatServedNewestFirst() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment d1 = deployment("staging");
        Deployment failed = deployment("staging");
        Deployment d2 = deployment("staging");
        deployments.move("hello", d1.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.goLive("hello", "staging", d1.id(), T0.plusSeconds(1));
        deployments.move("hello", failed.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.move("hello", failed.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health");
        deployments.move("hello", d2.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.goLive("hello", "staging", d2.id(), T0.plusSeconds(7));

        Deployment retired = deployments.find("hello", d1.id()).orElseThrow();
        assertThat(retired.liveSince()).contains(T0.plusSeconds(1));
        assertThat(retired.retiredAt()).isEqualTo(T0.plusSeconds(7));
        Deployment live = deployments.find("hello", d2.id()).orElseThrow();
        assertThat(live.liveSince()).contains(T0.plusSeconds(7));
        assertThat(live.retiredAt()).isNull();
        assertThat(deployments.find("hello", failed.id()).orElseThrow().liveSince()).isEmpty();
        assertThat(deployments.wentLive("hello", "staging")).extracting(Deployment::id).containsExactly(d2.id(), d1.id());
        assertThat(deployments.wentLive("hello", "production")).isEmpty();
    }

    @Test
    void servicesAreRecordedAndOrphansFound() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment d1 = deployment("staging");
        deployments.move("hello", d1.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        RunningService service = new RunningService(4242, 99, 31000, "/tmp/x");
        deployments.setService("hello", d1.id(), service);
        assertThat(deployments.find("hello", d1.id()).orElseThrow().service()).isEqualTo(service);
        assertThat(deployments.unfinished()).extracting(Deployment::id).containsExactly(d1.id());
        assertThat(deployments.orphaned()).extracting(Deployment::id).containsExactly(d1.id());
        deployments.goLive("hello", "staging", d1.id(), T0);
        assertThat(deployments.orphaned()).isEmpty();
        assertThat(deployments.unfinished()).isEmpty();
        RunningService container = new RunningService(0, 0, 31001, "/tmp/y", "4f1c9e0a2b");
        deployments.setService("hello", d1.id(), container);
        assertThat(deployments.find("hello", d1.id()).orElseThrow().service()).isEqualTo(container);
        deployments.setService("hello", d1.id(), null);
        assertThat(deployments.find("hello", d1.id()).orElseThrow().service()).isNull();
    }

    @Test
    void deploymentsOfARunSpanEnvironments() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        environments.ensure("hello", "production", "production", null, ports::incrementAndGet, T0);
        Deployment staging = deployment("staging");
        Deployment production = deployment("production");
        deployments.create(new NewDeployment("hello", "staging", Digest.ofBytes(new byte[] {2}), "d".repeat(40), 2,
                DeploymentTrigger.PUSH, "bob", new Launch("./run", "/healthz", Duration.ofSeconds(30), Map.of()), T0));
        assertThat(deployments.ofRun("hello", 1)).extracting(Deployment::id).containsExactly(staging.id(), production.id());
        assertThat(deployments.ofRun("hello", 2)).hasSize(1);
        assertThat(deployments.ofRun("hello", 3)).isEmpty();
        assertThat(deployments.ofRun("other", 1)).isEmpty();
    }

    @Test
    void failedDeploymentsKeepTheirReason() {
        Deployment d = deployment("staging");
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        assertThat(deployments.move("hello", d.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health")).isTrue();
        Deployment failed = deployments.find("hello", d.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.reason()).isEqualTo("no health");
    }

    @Test
    void deleteRemovesTheEnvironmentButKeepsItsDeploymentsAndFreesItsPort() {
        environments.ensure("hello", "dev-x", "dev", "x", () -> 32000, T0);
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment d = deployment("dev-x");
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.goLive("hello", "dev-x", d.id(), T0);

        assertThat(environments.delete("hello", "dev-x")).isTrue();
        assertThat(environments.delete("hello", "dev-x")).as("already gone").isFalse();
        assertThat(environments.find("hello", "dev-x")).isEmpty();
        assertThat(environments.list("hello")).extracting(Environment::name).containsExactly("staging");
        assertThat(environments.all()).extracting(Environment::name).containsExactly("staging");
        assertThat(deployments.history("hello", "dev-x", 10)).extracting(Deployment::id).containsExactly(d.id());
        Environment again = environments.ensure("hello", "dev-x", "dev", "x", () -> 32000, T0.plusSeconds(1));
        assertThat(again.port()).as("the port is free again").isEqualTo(32000);
        assertThat(again.live()).as("a new environment starts empty").isEmpty();
    }

    @Test
    void ttlIsKeptClearedAndOnlyEphemeralEnvironmentsHaveABranch() {
        Environment created = environments.ensure("hello", "dev-x", "dev", "x", ports::incrementAndGet, T0);
        assertThat(created.ttl()).isNull();
        assertThat(created.ephemeral()).isTrue();
        environments.setTtl("hello", "dev-x", Duration.ofHours(2).plusMillis(5));
        assertThat(environments.find("hello", "dev-x").orElseThrow().idleLimit()).contains(Duration.ofHours(2).plusMillis(5));
        assertThat(environments.all().get(0).ttl()).isEqualTo(Duration.ofHours(2).plusMillis(5));
        environments.setTtl("hello", "dev-x", null);
        assertThat(environments.find("hello", "dev-x").orElseThrow().idleLimit()).isEmpty();
        assertThat(environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0).ephemeral()).isFalse();
    }

    @Test
    void retiringALiveDeploymentKeepsTheTimeItWentLive() {
        environments.ensure("hello", "dev-x", "dev", "x", ports::incrementAndGet, T0);
        Deployment d = deployment("dev-x");
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.goLive("hello", "dev-x", d.id(), T0.plusSeconds(3));
        assertThat(deployments.move("hello", d.id(), DeploymentState.LIVE, DeploymentState.RETIRED, T0.plusSeconds(60),
                "environment torn down: branch x deleted")).isTrue();
        Deployment retired = deployments.find("hello", d.id()).orElseThrow();
        assertThat(retired.state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(retired.reason()).isEqualTo("environment torn down: branch x deleted");
        assertThat(retired.finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    private Deployment ready(String env, String slot) {
        Deployment d = deployment(env);
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.setSlot("hello", d.id(), slot, Duration.ofMinutes(3));
        deployments.setService("hello", d.id(), new RunningService(100 + d.id(), 7, 40000 + (int) d.id(), "/d" + d.id()));
        deployments.move("hello", d.id(), DeploymentState.DEPLOYING, DeploymentState.READY, T0, null);
        return deployments.find("hello", d.id()).orElseThrow();
    }

    @Test
    void slotsAndKeepWarmAreStoredAndReadyDeploymentsAreParkedNotOrphaned() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment recreate = deployment("staging");
        Deployment d = ready("staging", "green");
        assertThat(recreate.slot()).isNull();
        assertThat(recreate.keepWarm()).isNull();
        assertThat(d.slot()).isEqualTo("green");
        assertThat(d.keepWarm()).isEqualTo(Duration.ofMinutes(3));
        assertThat(d.state()).isEqualTo(DeploymentState.READY);
        assertThat(deployments.parked("hello", "staging")).extracting(Deployment::id).containsExactly(d.id());
        assertThat(deployments.parked()).extracting(Deployment::id).containsExactly(d.id());
        assertThat(deployments.orphaned()).as("a READY deployment's process is wanted").isEmpty();
        assertThat(deployments.unfinished()).extracting(Deployment::id).containsExactly(recreate.id());
    }

    @Test
    void swapMovesReadyLiveAndLiveWarmThenBackAndRetiresOlderWarmOnesInOneStep() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment blue = ready("staging", "blue");
        assertThat(deployments.swap("hello", "staging", blue.id(), DeploymentState.READY, T0)).isTrue();
        Deployment green = ready("staging", "green");
        assertThat(deployments.swap("hello", "staging", green.id(), DeploymentState.WARM, T0))
                .as("not WARM").isFalse();
        Instant t1 = T0.plusSeconds(60);
        assertThat(deployments.swap("hello", "staging", green.id(), DeploymentState.READY, t1)).isTrue();
        assertThat(environments.find("hello", "staging").orElseThrow().live()).contains(green.id());
        Deployment warm = deployments.find("hello", blue.id()).orElseThrow();
        assertThat(warm.state()).isEqualTo(DeploymentState.WARM);
        assertThat(warm.retiredAt()).isEqualTo(t1);
        assertThat(warm.wentLive()).isTrue();
        assertThat(deployments.wentLive("hello", "staging")).extracting(Deployment::id).containsExactly(green.id(), blue.id());

        Instant t2 = t1.plusSeconds(60);
        assertThat(deployments.swap("hello", "staging", blue.id(), DeploymentState.WARM, t2)).as("swap back").isTrue();
        Deployment back = deployments.find("hello", blue.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(back.retiredAt()).isNull();
        assertThat(back.finishedAt()).isEqualTo(t2);
        assertThat(deployments.find("hello", green.id()).orElseThrow().state()).isEqualTo(DeploymentState.WARM);
        assertThat(environments.find("hello", "staging").orElseThrow().live()).contains(blue.id());

        Deployment third = ready("staging", "green");
        assertThat(deployments.swap("hello", "staging", third.id(), DeploymentState.READY, t2.plusSeconds(1))).isTrue();
        assertThat(deployments.find("hello", green.id()).orElseThrow().state()).as("only one stays warm")
                .isEqualTo(DeploymentState.RETIRED);
        assertThat(deployments.find("hello", blue.id()).orElseThrow().state()).isEqualTo(DeploymentState.WARM);
        assertThat(deployments.orphaned()).extracting(Deployment::id).containsExactly(green.id());
    }

    @Test
    void goLiveAlsoRetiresAWarmDeployment() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Deployment blue = ready("staging", "blue");
        deployments.swap("hello", "staging", blue.id(), DeploymentState.READY, T0);
        Deployment green = ready("staging", "green");
        deployments.swap("hello", "staging", green.id(), DeploymentState.READY, T0);
        Deployment recreate = deployment("staging");
        deployments.move("hello", recreate.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        assertThat(deployments.goLive("hello", "staging", recreate.id(), T0)).isTrue();
        assertThat(deployments.find("hello", blue.id()).orElseThrow().state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(deployments.find("hello", green.id()).orElseThrow().state()).isEqualTo(DeploymentState.RETIRED);
    }

    private Deployment live(String env, Digest digest) {
        Deployment d = deployment(env, digest);
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        assertThat(deployments.goLive("hello", env, d.id(), T0.plusSeconds(d.id()))).isTrue();
        return d;
    }

    @Test
    void currentHasWhatEachEnvironmentServesItsNewestAndItsNewestParkedDeploymentOnly() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        environments.ensure("hello", "dev-x", "dev", "x", ports::incrementAndGet, T0);
        Digest digest = Digest.ofBytes("a".getBytes());
        Deployment retired = live("staging", digest);
        Deployment live = live("staging", digest);
        Deployment ready = ready("staging", "green");
        Deployment failed = deployment("staging");
        deployments.move("hello", failed.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.move("hello", failed.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health");
        Deployment queued = deployment("dev-x");
        deployment("torn-down"); // no such environment (any more): its history is not read

        assertThat(deployments.current("hello")).extracting(Deployment::id)
                .containsExactlyInAnyOrder(live.id(), ready.id(), failed.id(), queued.id())
                .doesNotContain(retired.id());
        assertThat(deployments.current("other")).isEmpty();
        assertThat(deployments.currentOfFixed()).as("every app's fixed environments at once: the same rows")
                .extracting(Deployment::id).containsExactlyInAnyOrder(live.id(), ready.id(), failed.id());
    }

    @Test
    void branchEnvironmentsSayWhetherSomethingIsLiveAndHowTheNewestDeploymentStands() {
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        environments.ensure("hello", "dev-a", "dev", "a", ports::incrementAndGet, T0);
        environments.ensure("hello", "dev-b", "dev", "b", ports::incrementAndGet, T0);
        environments.ensure("hello", "dev-c", "dev", "c", ports::incrementAndGet, T0);
        live("staging", Digest.ofBytes("s".getBytes()));
        live("dev-a", Digest.ofBytes("a".getBytes()));
        Deployment failed = deployment("dev-a"); // live, and a newer attempt failed
        deployments.move("hello", failed.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.move("hello", failed.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health");
        deployment("dev-b"); // queued, nothing live

        environments.ensure("hello", "dev-d", "dev", "d", ports::incrementAndGet, T0);
        deployment("dev-d"); // queued too

        assertThat(deployments.branchEnvironments()).containsExactlyInAnyOrder(
                new DeploymentRepository.BranchEnvironments("hello", true, DeploymentState.FAILED, 1),
                new DeploymentRepository.BranchEnvironments("hello", false, DeploymentState.QUEUED, 2),
                new DeploymentRepository.BranchEnvironments("hello", false, null, 1));
        assertThat(environments.fixed()).extracting(Environment::name).containsExactly("staging");
    }

    @Test
    void wentLiveBySpecNameCountsEveryInstanceOfThatDigestThatServed() {
        environments.ensure("hello", "dev-a", "dev", "a", ports::incrementAndGet, T0);
        environments.ensure("hello", "dev-b", "dev", "b", ports::incrementAndGet, T0);
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Digest a = Digest.ofBytes("a".getBytes());
        Digest b = Digest.ofBytes("b".getBytes());
        Deployment inA = live("dev-a", a);
        Deployment inB = live("dev-b", a);
        live("dev-b", b); // retires inB: it still went live
        live("staging", a); // another environment name
        Deployment failed = deployment("dev-a", a);
        deployments.move("hello", failed.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.move("hello", failed.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health");

        assertThat(deployments.wentLive("hello", "dev", a)).extracting(LiveSpan::id)
                .containsExactly(inB.id(), inA.id());
        assertThat(deployments.wentLive("hello", "production", a)).isEmpty();
        environments.delete("hello", "dev-b");
        assertThat(deployments.wentLive("hello", "dev", a)).extracting(LiveSpan::id).containsExactly(inA.id());
    }

    @Test
    void wentLiveOfPendingReadsWhatEachPendingPromotionsArtifactServedInOneGo() {
        environments.ensure("hello", "dev-a", "dev", "a", ports::incrementAndGet, T0);
        environments.ensure("hello", "staging", "staging", null, ports::incrementAndGet, T0);
        Digest a = Digest.ofBytes("a".getBytes());
        Digest b = Digest.ofBytes("b".getBytes());
        Digest c = Digest.ofBytes("c".getBytes());
        Deployment aInDev = live("dev-a", a);
        Deployment aInStaging = live("staging", a);
        Deployment bInStaging = live("staging", b);
        live("dev-a", c); // c's promotion is no longer pending
        Deployment failed = deployment("staging", a);
        deployments.move("hello", failed.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.move("hello", failed.id(), DeploymentState.DEPLOYING, DeploymentState.FAILED, T0, "no health");
        SqlPromotionRepository promotions = new SqlPromotionRepository(db);
        for (Digest d : new Digest[] {a, a, b}) { // two pending promotions of a: its deployments come once
            promotions.create(new NewPromotion("hello", "production", d, "c".repeat(40), 1, PromotionSource.CLI,
                    "alice", "alice", T0));
        }
        Promotion ofC = promotions.create(new NewPromotion("hello", "production", c, "c".repeat(40), 1,
                PromotionSource.CLI, "alice", "alice", T0));
        assertThat(promotions.move("hello", ofC.id(), PromotionState.PENDING, PromotionState.REJECTED, T0, "no"))
                .isTrue();

        assertThat(deployments.wentLiveOfPending())
                .extracting(s -> s.specName() + " #" + s.span().id() + " " + s.digest())
                .containsExactly("staging #" + bInStaging.id() + " " + b, "staging #" + aInStaging.id() + " " + a,
                        "dev #" + aInDev.id() + " " + a);
    }
}

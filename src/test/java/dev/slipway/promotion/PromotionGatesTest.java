package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Role;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each gate on its own, over real repositories and a clock the test moves. */
class PromotionGatesTest {
    @TempDir
    Path dir;
    TestClock clock;
    PromotionWorld world;
    LiveHistory history;
    EnvironmentSpec qa;
    EnvironmentSpec production;

    @BeforeEach
    void setUp() throws Exception {
        clock = new TestClock(T0);
        world = new PromotionWorld(dir, clock);
        history = new LiveHistory(world.deployments);
        var spec = new dev.slipway.pipeline.PipelineParser().parse(PromotionWorld.PIPELINE);
        qa = spec.environment("qa").orElseThrow();
        production = spec.environment("production").orElseThrow();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Promotion pending(Run run, String environment) {
        return world.promotionRepository.create(new NewPromotion(APP, environment, run.artifact(), run.commit(),
                run.number(), PromotionSource.CLI, "admin", run.pushedBy(), clock.instant()));
    }

    @Test
    void fromPassesOnceTheDigestWentLiveThereAndNamesTheCommandOtherwise() {
        Run run = world.built(commit("a"), "alice");
        FromGate gate = new FromGate(history);
        Promotion p = pending(run, "production");

        GateStatus before = gate.evaluate(p, production);
        assertThat(before.passed()).isFalse();
        assertThat(before.retryAt()).isEmpty();
        assertThat(before.detail()).isEqualTo("sha256:" + run.artifact().shortForm() + " never succeeded in staging: "
                + "promote it there first (`slipway promote hello --to staging --commit " + run.commit().substring(0, 7) + "`)");

        world.pushDeploy("staging", run);
        GateStatus after = gate.evaluate(p, production);
        assertThat(after.passed()).isTrue();
        assertThat(after.detail()).contains("went live in staging (deployment #1)");

        Run other = world.built(commit("b"), "alice");
        world.pushDeploy("staging", other);
        assertThat(gate.evaluate(p, production).passed()).as("retired since, but it did go live").isTrue();
    }

    @Test
    void fromIgnoresADeploymentThatFailed() {
        Run run = world.built(commit("a"), "alice");
        world.target.broken.add(run.artifact());
        world.pushDeploy("staging", run);
        assertThat(new FromGate(history).evaluate(pending(run, "production"), production).passed()).isFalse();
    }

    @Test
    void soakWaitsUntilTheArtifactHasBeenLiveLongEnoughAndSaysWhenToLookAgain() {
        Run run = world.built(commit("a"), "alice");
        SoakGate gate = new SoakGate(history, clock);
        Promotion p = pending(run, "qa");
        assertThat(gate.evaluate(p, qa).detail()).contains("has not been live in staging");

        world.pushDeploy("staging", run);
        clock.advance(Duration.ofMillis(1200));
        GateStatus waiting = gate.evaluate(p, qa);
        assertThat(waiting.passed()).isFalse();
        assertThat(waiting.detail()).isEqualTo("staging has run sha256:" + run.artifact().shortForm()
                + " live for 1.2s of the 2s soak");
        assertThat(waiting.retryAt()).contains(T0.plusSeconds(2));

        clock.advance(Duration.ofMillis(800));
        GateStatus passed = gate.evaluate(p, qa);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.detail()).contains("has been live in staging for 2s (soak 2s)");
    }

    @Test
    void aSoakCutShortByANewerDeploymentDoesNotCountButALongEnoughOneStill() {
        Run first = world.built(commit("a"), "alice");
        Run second = world.built(commit("b"), "alice");
        SoakGate gate = new SoakGate(history, clock);
        world.pushDeploy("staging", first);
        clock.advance(Duration.ofSeconds(1));
        world.pushDeploy("staging", second);
        clock.advance(Duration.ofMinutes(5));

        GateStatus cut = gate.evaluate(pending(first, "qa"), qa);
        assertThat(cut.passed()).isFalse();
        assertThat(cut.retryAt()).as("only a new deployment can change this").isEmpty();
        assertThat(cut.detail()).contains("is no longer live in staging and was live there for at most 1s of the 2s soak")
                .contains("deploy it to staging again");

        clock.advance(Duration.ofSeconds(1));
        world.pushDeploy("staging", first);
        assertThat(gate.evaluate(pending(first, "qa"), qa).retryAt()).as("live again: the soak starts over")
                .contains(clock.instant().plusSeconds(2));

        // second was live for 5m1s before it was retired: that soak counts even though it is not live now
        GateStatus earlier = gate.evaluate(pending(second, "qa"), qa);
        assertThat(earlier.passed()).isTrue();
        assertThat(earlier.detail()).contains("was live in staging for 5m01s");
    }

    @Test
    void approvalsCountDistinctHoldersOfTheRoleOtherThanTheAuthor() {
        world.user("alice", Role.RELEASER);
        world.user("bob", Role.RELEASER);
        world.user("dora", Role.DEVELOPER);
        Run run = world.built(commit("a"), "alice");
        Promotion p = pending(run, "production");
        ApprovalsGate gate = new ApprovalsGate(world.promotionRepository, world.access);

        GateStatus none = gate.evaluate(p, production);
        assertThat(none.passed()).isFalse();
        assertThat(none.detail()).isEqualTo("production requires 1 approval by a releaser other than alice (who pushed "
                + "the commit) (has 0): run `slipway approve hello " + p.id() + "`");

        decide(p, "alice", Approval.Decision.APPROVE);
        decide(p, "dora", Approval.Decision.APPROVE);
        GateStatus stillNone = gate.evaluate(p, production);
        assertThat(stillNone.passed()).isFalse();
        assertThat(stillNone.detail()).contains("(has 0)")
                .contains("not counted: alice pushed commit " + run.commit().substring(0, 7) + " (run #" + run.number()
                        + " on main), dora does not have role releaser");

        decide(p, "bob", Approval.Decision.APPROVE);
        GateStatus passed = gate.evaluate(p, production);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.detail()).isEqualTo("approved by bob");
        assertThat(world.promotionRepository.decide(new Approval(APP, p.id(), "bob", Approval.Decision.APPROVE, null,
                clock.instant()))).as("each person counts once").isFalse();
    }

    @Test
    void aRejectionIsWhatTheApprovalsGateReports() {
        world.user("bob", Role.RELEASER);
        Run run = world.built(commit("a"), "alice");
        Promotion p = pending(run, "production");
        world.promotionRepository.decide(new Approval(APP, p.id(), "bob", Approval.Decision.REJECT, "breaks checkout",
                clock.instant()));
        GateStatus status = new ApprovalsGate(world.promotionRepository, world.access).evaluate(p, production);
        assertThat(status.passed()).isFalse();
        assertThat(status.detail()).isEqualTo("rejected by bob: breaks checkout");
    }

    @Test
    void elapsedTimesReadLikeTheFileWritesThem() {
        assertThat(Elapsed.format(Duration.ofMillis(1200))).isEqualTo("1.2s");
        assertThat(Elapsed.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Elapsed.format(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Elapsed.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Elapsed.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Elapsed.format(Duration.ofHours(2))).isEqualTo("2h");
    }

    private void decide(Promotion p, String user, Approval.Decision decision) {
        assertThat(world.promotionRepository.decide(new Approval(APP, p.id(), user, decision, null,
                clock.instant()))).isTrue();
    }
}

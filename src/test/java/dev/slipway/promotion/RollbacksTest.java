package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback puts back an earlier digest with its recorded launch, under the environment's role rule only. */
class RollbacksTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    Principal rita;
    Principal dave;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, new TestClock(T0));
        rita = world.user("rita", Role.RELEASER);
        dave = world.user("dave", Role.DEPLOYER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Deployment live(String environment, String seed) {
        return world.pushDeploy(environment, world.built(commit(seed), "rita"));
    }

    private Deployment awaitLive(long id) {
        return Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> world.deployments.find(APP, id).orElseThrow(), d -> d.state() == DeploymentState.LIVE);
    }

    private Problem refused(Problem.Kind kind, ThrowingCallable call) {
        int before = world.deployments.history(APP, "staging", 100).size();
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).isNotNull();
        assertThat(problem.kind()).as(problem.getMessage()).isEqualTo(kind);
        assertThat(world.deployments.history(APP, "staging", 100)).hasSize(before);
        return problem;
    }

    @Test
    void theDefaultIsTheNewestEarlierDeploymentWithAnotherDigest() {
        Deployment v1 = live("staging", "v1");
        Deployment v2 = live("staging", "v2");
        world.pushDeploy("staging", world.runs.find(APP, 2).orElseThrow()); // v2 again: same digest, not a target
        int runs = world.runs.list(APP, 10).size();

        Deployment queued = world.rollbacks.rollback(dave, APP, "staging", Optional.empty());
        assertThat(queued.trigger()).isEqualTo(DeploymentTrigger.ROLLBACK);
        assertThat(queued.actor()).isEqualTo("dave");
        assertThat(queued.digest()).isEqualTo(v1.digest()).isNotEqualTo(v2.digest());
        assertThat(queued.launch()).isEqualTo(v1.launch());
        assertThat(queued.run()).isEqualTo(v1.run());
        assertThat(awaitLive(queued.id()).digest()).isEqualTo(v1.digest());
        assertThat(world.live("staging").orElseThrow().id()).isEqualTo(queued.id());
        assertThat(world.runs.list(APP, 10)).as("nothing was built").hasSize(runs);
        assertThat(world.auditActions()).contains("rollback.requested");

        assertThat(world.rollbacks.isRollback(APP, "staging", v2.digest())).isTrue();
        assertThat(world.rollbacks.isRollback(APP, "staging", v1.digest())).as("live now").isFalse();
        assertThat(world.rollbacks.rollbackTarget(APP, "staging", v2.digest()).orElseThrow().digest()).isEqualTo(v2.digest());
    }

    @Test
    void aNamedDeploymentMustHaveServedThisEnvironment() {
        Deployment v1 = live("staging", "v1");
        Deployment v2 = live("staging", "v2");
        Deployment elsewhere = live("qa", "v3");
        Run broken = world.built(commit("v4"), "rita");
        world.target.broken.add(broken.artifact());
        Deployment failed = world.pushDeploy("staging", broken);

        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.rollbacks.rollback(dave, APP, "staging",
                Optional.of(elsewhere.id()))).getMessage()).contains("is not a deployment of staging");
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.rollbacks.rollback(dave, APP, "staging",
                Optional.of(failed.id()))).getMessage()).contains("never went live in staging (it FAILED)");
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.rollbacks.rollback(dave, APP, "staging",
                Optional.of(v2.id()))).getMessage()).contains("staging already serves");
        Deployment back = world.rollbacks.rollback(dave, APP, "staging", Optional.of(v1.id()));
        assertThat(awaitLive(back.id()).digest()).isEqualTo(v1.digest());
    }

    @Test
    void thereMustBeSomethingToGoBackTo() {
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.rollbacks.rollback(dave, APP, "staging", Optional.empty()))
                .getMessage()).contains("environment 'staging' of app 'hello' does not exist");
        live("staging", "v1");
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.rollbacks.rollback(dave, APP, "staging", Optional.empty()))
                .getMessage()).contains("staging has served no other artifact before");
    }

    @Test
    void aProtectedEnvironmentRollsBackOnlyForAReleaser() {
        live("production", "v1");
        live("production", "v2");
        Problem problem = catchThrowableOfType(Problem.class,
                () -> world.rollbacks.rollback(dave, APP, "production", Optional.empty()));
        assertThat(problem.kind()).isEqualTo(Problem.Kind.FORBIDDEN);
        assertThat(problem.getMessage()).isEqualTo("user 'dave' needs role releaser on app 'hello' to roll back "
                + "protected environment production (has deployer); an admin can run `slipway grant dave releaser --app hello`");
        Deployment back = world.rollbacks.rollback(rita, APP, "production", Optional.empty());
        assertThat(awaitLive(back.id()).trigger()).isEqualTo(DeploymentTrigger.ROLLBACK);
    }
}

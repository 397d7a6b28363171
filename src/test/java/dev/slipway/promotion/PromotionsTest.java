package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.Problem;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promotion use cases over real SQLite repositories and a real Deployer (with a target that starts at once). */
class PromotionsTest {
    @TempDir
    Path dir;
    TestClock clock;
    PromotionWorld world;
    Principal rita;
    Principal bob;
    Principal alice;
    Principal vera;
    Principal dave;
    Principal dora;

    @BeforeEach
    void setUp() {
        clock = new TestClock(T0);
        world = new PromotionWorld(dir, clock);
        alice = world.user("alice", Role.RELEASER);
        bob = world.user("bob", Role.RELEASER);
        rita = world.user("rita", Role.RELEASER);
        vera = world.user("vera", Role.VIEWER);
        dave = world.user("dave", Role.DEPLOYER);
        dora = world.user("dora", Role.DEVELOPER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Run liveInStaging(String seed) {
        Run run = world.built(commit(seed), "alice");
        world.pushDeploy("staging", run);
        return run;
    }

    private PromotionRequest fromStaging(String environment, Principal who) {
        return PromotionRequest.fromEnvironment(APP, environment, "staging", PromotionSource.CLI, who);
    }

    private PromotionRequest ofCommit(String environment, String commit, Principal who) {
        return PromotionRequest.ofCommit(APP, environment, commit, PromotionSource.API, who);
    }

    private Promotion awaitState(long id, PromotionState state) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> world.promotion(id), p -> p.state() == state);
    }

    /** A refusal: the right kind, and nothing recorded. */
    private Problem refused(Problem.Kind kind, ThrowingCallable call) {
        List<Promotion> before = world.promotionRepository.list(APP, 100);
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).as("refused").isNotNull();
        assertThat(problem.kind()).as(problem.getMessage()).isEqualTo(kind);
        assertThat(world.promotionRepository.list(APP, 100)).isEqualTo(before);
        return problem;
    }

    @Test
    void productionWaitsForAnApprovalBySomeoneElseThenRunsTheSameDigest() {
        Run run = liveInStaging("v1");
        PromotionDetail requested = world.promotions.request(fromStaging("production", rita));
        Promotion p = requested.promotion();
        assertThat(p.state()).isEqualTo(PromotionState.PENDING);
        assertThat(p.digest()).isEqualTo(run.artifact());
        assertThat(p.author()).isEqualTo("alice");
        assertThat(p.requestedBy()).isEqualTo("rita");
        assertThat(requested.gates()).extracting(GateStatus::name, GateStatus::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("from", true),
                        org.assertj.core.groups.Tuple.tuple("approvals", false));
        assertThat(requested.gates().get(1).detail()).isEqualTo("production requires 1 approval by a releaser other than "
                + "alice (who pushed the commit) (has 0): run `slipway approve hello " + p.id() + "`");

        Problem byAuthor = refused(Problem.Kind.FORBIDDEN, () -> world.promotions.approve(alice, APP, p.id()));
        assertThat(byAuthor.getMessage()).startsWith("alice pushed commit " + run.commit().substring(0, 7))
                .contains("not_author").contains("slipway approve hello " + p.id());
        Problem byViewer = refused(Problem.Kind.FORBIDDEN, () -> world.promotions.approve(vera, APP, p.id()));
        assertThat(byViewer.getMessage()).contains("user 'vera' needs role releaser on app 'hello' to approve promotions "
                + "to production (has viewer)");
        assertThat(world.promotionRepository.approvals(APP, p.id())).isEmpty();

        world.promotions.approve(bob, APP, p.id());
        Promotion done = awaitState(p.id(), PromotionState.SUCCEEDED);
        Deployment production = world.live("production").orElseThrow();
        assertThat(production.digest()).isEqualTo(world.live("staging").orElseThrow().digest()).isEqualTo(run.artifact());
        assertThat(production.trigger()).isEqualTo(DeploymentTrigger.PROMOTION);
        assertThat(production.actor()).isEqualTo("rita");
        assertThat(production.launch().config()).containsEntry("GREETING", "hello from prod");
        assertThat(done.deployment()).isEqualTo(production.id());
        assertThat(done.reason()).isEqualTo("deployment #" + production.id() + " went live in production");
        assertThat(world.runs.list(APP, 10)).as("nothing was built for the promotion").hasSize(1);
        assertThat(world.auditActions()).contains("promotion.requested", "promotion.approved", "promotion.admitted",
                "promotion.deploying", "promotion.finished");
        PromotionDetail shown = world.promotions.show(APP, p.id());
        assertThat(shown.approvals()).extracting(Approval::user).containsExactly("bob");
        assertThat(shown.gates()).allMatch(GateStatus::passed);
    }

    @Test
    void aCommitWhoseRunFailedHasNoArtifactAndIsRefusedBeforeAnythingIsRecorded() {
        String failed = commit("broken");
        world.run(failed, "alice", RunState.FAILED, "test/unit exited with code 3\nmore");
        Problem problem = refused(Problem.Kind.CONFLICT, () -> world.promotions.request(ofCommit("production", failed, rita)));
        assertThat(problem.getMessage()).isEqualTo("commit " + failed.substring(0, 7) + " has no artifact: its run #1 is "
                + "FAILED: test/unit exited with code 3; only a commit whose run succeeded can be promoted "
                + "(see `slipway logs hello 1`)");
        assertThat(world.promotions.check(ofCommit("production", failed.substring(0, 8), rita)))
                .containsExactly(problem.getMessage());
        assertThat(world.auditActions()).noneMatch(a -> a.startsWith("promotion."));
    }

    @Test
    void anArtifactThatNeverWentLiveInStagingCannotReachProduction() {
        Run run = world.built(commit("crashes"), "alice");
        world.target.broken.add(run.artifact());
        assertThat(world.pushDeploy("staging", run).state().name()).isEqualTo("FAILED");

        Problem problem = refused(Problem.Kind.CONFLICT,
                () -> world.promotions.request(ofCommit("production", run.commit(), rita)));
        assertThat(problem.getMessage()).isEqualTo("production only takes artifacts that went live in staging: sha256:"
                + run.artifact().shortForm() + " never succeeded in staging: promote it there first (`slipway promote "
                + "hello --to staging --commit " + run.commit().substring(0, 7) + "`)");
        assertThat(world.promotions.check(ofCommit("production", run.commit(), rita))).containsExactly(problem.getMessage());
        assertThat(world.promotions.check(ofCommit("staging", run.commit(), rita))).as("staging has no from").isEmpty();
    }

    @Test
    void requestsThatNameNoArtifactOrNoEnvironmentSayWhatToDo() {
        Run run = liveInStaging("v1");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.promotions.request(fromStaging("prod", rita))).getMessage())
                .isEqualTo("environment 'prod' is not defined in .slipway.yml at commit " + run.commit().substring(0, 7)
                        + " (known: dev, staging, qa, production)");
        assertThat(refused(Problem.Kind.INVALID, () -> world.promotions.request(fromStaging("dev", rita))).getMessage())
                .contains("'dev' is ephemeral");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.promotions.request(
                PromotionRequest.fromEnvironment(APP, "production", "qa", PromotionSource.CLI, rita))).getMessage())
                .isEqualTo("environment 'qa' of app 'hello' does not exist (known: staging): see `slipway status hello`");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.promotions.request(ofCommit("production", "abcdef12", rita)))
                .getMessage()).contains("commit abcdef12 of app 'hello' was never pushed to Slipway");
        assertThat(refused(Problem.Kind.INVALID, () -> world.promotions.request(ofCommit("production", "HEAD~1", rita)))
                .getMessage()).contains("'HEAD~1' is not a commit id");
        assertThat(refused(Problem.Kind.INVALID, () -> world.promotions.request(new PromotionRequest(APP, "production",
                java.util.Optional.empty(), java.util.Optional.empty(), PromotionSource.API, rita))).getMessage())
                .contains("--commit COMMIT or --from ENVIRONMENT");
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.promotions.request(fromStaging("staging", rita))).getMessage())
                .isEqualTo("sha256:" + run.artifact().shortForm() + " is already live in staging (deployment #1): "
                        + "nothing to promote");
    }

    @Test
    void theRoleNeededDependsOnWhetherTheEnvironmentIsProtected() {
        Run run = world.built(commit("v1"), "alice");
        assertThat(refused(Problem.Kind.FORBIDDEN, () -> world.promotions.request(ofCommit("staging", run.commit(), dora)))
                .getMessage()).isEqualTo("user 'dora' needs role deployer on app 'hello' to promote into environment "
                        + "staging (has developer); an admin can run `slipway grant dora deployer --app hello`");
        assertThat(world.promotions.check(ofCommit("staging", run.commit(), dora))).hasSize(1);

        PromotionDetail staging = world.promotions.request(ofCommit("staging", run.commit(), dave));
        assertThat(staging.gates()).as("staging has no gates").isEmpty();
        awaitState(staging.promotion().id(), PromotionState.SUCCEEDED);
        assertThat(world.live("staging").orElseThrow().digest()).isEqualTo(run.artifact());

        assertThat(refused(Problem.Kind.FORBIDDEN, () -> world.promotions.request(fromStaging("production", dave)))
                .getMessage()).contains("needs role releaser on app 'hello' to promote into protected environment production");
    }

    @Test
    void aNewerPromotionSupersedesAWaitingOneAndTheSameArtifactIsNotAskedForTwice() {
        Run first = liveInStaging("v1");
        Promotion older = world.promotions.request(fromStaging("production", rita)).promotion();
        Run second = liveInStaging("v2");
        Promotion newer = world.promotions.request(ofCommit("production", second.commit(), rita)).promotion();

        Promotion cancelled = world.promotion(older.id());
        assertThat(cancelled.state()).isEqualTo(PromotionState.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("superseded by #" + newer.id());
        assertThat(world.auditActions()).contains("promotion.cancelled");
        assertThat(first.artifact()).isNotEqualTo(second.artifact());

        assertThat(refused(Problem.Kind.CONFLICT, () -> world.promotions.request(fromStaging("production", bob)))
                .getMessage()).isEqualTo("sha256:" + second.artifact().shortForm() + " is already on its way to production"
                        + " as promotion #" + newer.id() + " (PENDING): see `slipway promotion show hello " + newer.id() + "`");
        assertThat(world.promotions.list(APP, 10)).extracting(d -> d.promotion().id()).containsExactly(newer.id(), older.id());
    }

    @Test
    void aRejectionEndsThePromotionWithItsReason() {
        liveInStaging("v1");
        Promotion p = world.promotions.request(fromStaging("production", rita)).promotion();
        refused(Problem.Kind.INVALID, () -> world.promotions.reject(bob, APP, p.id(), " "));
        refused(Problem.Kind.FORBIDDEN, () -> world.promotions.reject(dave, APP, p.id(), "no"));

        PromotionDetail rejected = world.promotions.reject(bob, APP, p.id(), "breaks checkout");
        assertThat(rejected.promotion().state()).isEqualTo(PromotionState.REJECTED);
        assertThat(rejected.promotion().reason()).isEqualTo("rejected by bob: breaks checkout");
        assertThat(rejected.approvals()).extracting(Approval::user, Approval::decision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", Approval.Decision.REJECT));
        assertThat(world.auditActions()).contains("promotion.rejected");

        assertThat(refused(Problem.Kind.CONFLICT, () -> world.promotions.approve(rita, APP, p.id())).getMessage())
                .isEqualTo("promotion #" + p.id() + " of hello is REJECTED (rejected by bob: breaks checkout), not PENDING: "
                        + "there is nothing to approve");
        assertThat(world.live("production")).isEmpty();
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> world.promotions.show(APP, 99)).getMessage())
                .contains("promotion #99 of app 'hello' does not exist");
    }

    @Test
    void anApprovalCountsOnceAndOnlyWhereApprovalsAreAsked() {
        world.user("carl", Role.RELEASER);
        Run run = liveInStaging("v1");
        world.pipelines.put(run.commit(), PromotionWorld.PIPELINE.replace("required: 1", "required: 2"));
        Promotion p = world.promotions.request(fromStaging("production", rita)).promotion();
        world.promotions.approve(bob, APP, p.id());
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.promotions.approve(bob, APP, p.id())).getMessage())
                .contains("bob already decided on promotion #" + p.id());
        assertThat(world.promotion(p.id()).state()).isEqualTo(PromotionState.PENDING);
        assertThat(world.promotions.show(APP, p.id()).gates().get(1).detail()).contains("requires 2 approvals").contains("(has 1)");
        world.promotions.approve(new Principal("carl"), APP, p.id());
        awaitState(p.id(), PromotionState.SUCCEEDED);

        Run other = liveInStaging("v2");
        Promotion qa = world.promotions.request(ofCommit("qa", other.commit(), dave)).promotion();
        assertThat(refused(Problem.Kind.CONFLICT, () -> world.promotions.approve(bob, APP, qa.id())).getMessage())
                .startsWith("qa needs no approvals; promotion #" + qa.id() + " to qa waits for staging has run");
    }

    @Test
    void aServiceThatDoesNotComeUpFailsThePromotion() {
        liveInStaging("v1");
        world.target.brokenEnvironments.add("production");
        Promotion p = world.promotions.request(fromStaging("production", rita)).promotion();
        world.promotions.approve(bob, APP, p.id());
        Promotion failed = awaitState(p.id(), PromotionState.FAILED);
        assertThat(failed.reason()).startsWith("deployment #" + failed.deployment() + " FAILED: `./serve` exited with code 4");
        assertThat(world.live("production")).isEmpty();
    }

    @Test
    void aWaitingPromotionMovesOnWhenADeploymentBringsItsArtifactBack() {
        Run first = liveInStaging("v1");
        clock.advance(Duration.ofMillis(500));
        liveInStaging("v2");
        clock.advance(Duration.ofMinutes(1));
        Promotion p = world.promotions.request(ofCommit("qa", first.commit(), dave)).promotion();
        GateStatus soak = world.promotions.show(APP, p.id()).gates().get(1);
        assertThat(soak.detail()).contains("no longer live in staging and was live there for at most 0.5s of the 2s soak");
        assertThat(soak.retryAt()).isEmpty();

        world.pushDeploy("staging", first);
        clock.advance(Duration.ofSeconds(3));
        // v3 replaces first after 3s live: its deployment finishing re-evaluates the waiting promotion
        liveInStaging("v3");
        awaitState(p.id(), PromotionState.SUCCEEDED);
        assertThat(world.live("qa").orElseThrow().digest()).isEqualTo(first.artifact());
    }

    /**
     * The walk-around: a releaser pushes a commit on a branch, a developer pushes the same commit to main (its
     * artifact is reused), and the releaser promotes what main deployed and approves it. The releaser pushed that
     * commit too, so not_author refuses them, whichever run carries the artifact.
     */
    @Test
    void whoeverPushedTheCommitOnAnyBranchIsItsAuthor() {
        String commit = commit("rita's change");
        Run onBranch = world.pushed(commit, "feature/quiet", "rita", PromotionWorld.digestOf(commit), null);
        Run onMain = world.pushed(commit, "main", "dora", onBranch.artifact(), onBranch.number());
        world.pushDeploy("staging", onMain);

        Promotion p = world.promotions.request(fromStaging("production", rita)).promotion();
        assertThat(p.run()).isEqualTo(onMain.number());
        assertThat(world.promotions.show(APP, p.id()).gates().get(1).detail()).startsWith("production requires 1 "
                + "approval by a releaser other than rita, dora (who pushed the commit) (has 0)");

        Problem byRita = refused(Problem.Kind.FORBIDDEN, () -> world.promotions.approve(rita, APP, p.id()));
        assertThat(byRita.getMessage()).startsWith("rita pushed commit " + commit.substring(0, 7) + " (run #"
                + onBranch.number() + " on feature/quiet), and production takes no approval from the author of what it "
                + "runs (not_author)");
        assertThat(world.promotionRepository.approvals(APP, p.id())).isEmpty();

        world.promotions.approve(bob, APP, p.id());
        awaitState(p.id(), PromotionState.SUCCEEDED);
    }

    /** Another commit with the same tree reuses the artifact: whoever pushed it produced that digest too. */
    @Test
    void whoeverProducedTheDigestIsItsAuthorAndTheirEarlierApprovalStopsCounting() {
        String commit = commit("dora's change");
        Run promoted = world.pushed(commit, "main", "dora", PromotionWorld.digestOf(commit), null);
        world.pushDeploy("staging", promoted);
        Promotion p = world.promotions.request(fromStaging("production", rita)).promotion();
        world.pipelines.put(promoted.commit(), PromotionWorld.PIPELINE.replace("required: 1", "required: 2"));
        world.promotions.approve(rita, APP, p.id());

        String sameTree = commit("rita's revert of the revert");
        Run rebuilt = world.pushed(sameTree, "hotfix", "rita", promoted.artifact(), promoted.number());
        assertThat(world.promotions.show(APP, p.id()).gates().get(1).detail())
                .contains("other than dora, rita (who pushed the commit or a commit that produced the same artifact) (has 0)")
                .contains("not counted: rita pushed commit " + sameTree.substring(0, 7) + " (run #" + rebuilt.number()
                        + " on hotfix), which produced the same artifact");
        world.promotions.approve(bob, APP, p.id());
        assertThat(world.promotion(p.id()).state()).isEqualTo(PromotionState.PENDING);

        Problem again = refused(Problem.Kind.FORBIDDEN, () -> world.promotions.approve(rita, APP, p.id()));
        assertThat(again.getMessage()).startsWith("rita pushed commit " + sameTree.substring(0, 7) + " (run #"
                + rebuilt.number() + " on hotfix), which produced the same artifact");
    }
}

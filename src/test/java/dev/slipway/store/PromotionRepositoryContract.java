package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.promotion.Approval;
import dev.slipway.promotion.NewPromotion;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.PromotionState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every PromotionRepository must do, on every database. */
abstract class PromotionRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final Digest DIGEST = Digest.ofBytes("artifact".getBytes());
    private SqlPromotionRepository promotions;

    @BeforeEach
    void setUp() {
        SqlAppRepository apps = new SqlAppRepository(db);
        apps.create(new App("hello", T0), () -> { });
        apps.create(new App("other", T0), () -> { });
        promotions = new SqlPromotionRepository(db);
    }

    private Promotion create(String app, String environment) {
        return promotions.create(new NewPromotion(app, environment, DIGEST, "c".repeat(40), 7, PromotionSource.TAG,
                "rita", "alice", T0));
    }

    @Test
    void createNumbersPromotionsPerAppAndStoresThemPending() {
        Promotion first = create("hello", "production");
        Promotion second = create("hello", "staging");
        Promotion elsewhere = create("other", "production");
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(elsewhere.id()).isEqualTo(1);
        assertThat(first).isEqualTo(new Promotion("hello", 1, "production", DIGEST, "c".repeat(40), 7, PromotionSource.TAG,
                "rita", "alice", PromotionState.PENDING, null, null, T0, T0));
        assertThat(promotions.find("hello", 1)).contains(first);
        assertThat(promotions.find("hello", 3)).isEmpty();
        assertThat(promotions.list("hello", 10)).extracting(Promotion::id).containsExactly(2L, 1L);
        assertThat(promotions.list("hello", 1)).hasSize(1);
    }

    @Test
    void aTagPromotionKeepsItsGitTag() {
        Promotion tagged = promotions.create(new NewPromotion("hello", "production", DIGEST, "c".repeat(40), 7,
                PromotionSource.TAG, "rita", "alice", T0, "v1.0.0"));
        assertThat(tagged.releaseTag()).contains("v1.0.0");
        assertThat(promotions.find("hello", tagged.id()).orElseThrow().releaseTag()).contains("v1.0.0");
        assertThat(promotions.list("hello", 10)).extracting(Promotion::tag).containsExactly("v1.0.0");
        assertThat(create("hello", "staging").releaseTag()).isEmpty();
    }

    @Test
    void concurrentCreatesNeverShareAnId() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 40; i++) {
            pool.submit(() -> ids.add(create("hello", "production").id()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ids).hasSize(40).contains(1L, 40L);
    }

    @Test
    void moveIsACompareAndSetThatStampsTheTimeAndKeepsTheReason() {
        Promotion p = create("hello", "production");
        Instant t1 = T0.plusSeconds(1);
        assertThat(promotions.move("hello", p.id(), PromotionState.PENDING, PromotionState.APPROVED, t1, null)).isTrue();
        assertThat(promotions.move("hello", p.id(), PromotionState.PENDING, PromotionState.APPROVED, t1, null)).isFalse();
        assertThat(promotions.move("hello", p.id(), PromotionState.APPROVED, PromotionState.DEPLOYING, t1, null)).isTrue();
        promotions.setDeployment("hello", p.id(), 12);
        assertThat(promotions.move("hello", p.id(), PromotionState.DEPLOYING, PromotionState.FAILED, t1.plusSeconds(1),
                "unhealthy")).isTrue();
        Promotion done = promotions.find("hello", p.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(PromotionState.FAILED);
        assertThat(done.reason()).isEqualTo("unhealthy");
        assertThat(done.deploymentId()).contains(12L);
        assertThat(done.createdAt()).isEqualTo(T0);
        assertThat(done.updatedAt()).isEqualTo(t1.plusSeconds(1));
        assertThatThrownBy(() -> promotions.move("hello", p.id(), PromotionState.FAILED, PromotionState.PENDING, t1, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openListsWhatIsStillGoingOldestFirst() {
        Promotion pending = create("hello", "production");
        Promotion approved = create("hello", "production");
        Promotion cancelled = create("hello", "production");
        Promotion other = create("other", "staging");
        promotions.move("hello", approved.id(), PromotionState.PENDING, PromotionState.APPROVED, T0, null);
        promotions.move("hello", cancelled.id(), PromotionState.PENDING, PromotionState.CANCELLED, T0, "superseded by #9");
        assertThat(promotions.open("hello")).extracting(Promotion::id).containsExactly(pending.id(), approved.id());
        assertThat(promotions.open()).extracting(Promotion::app, Promotion::id).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("hello", pending.id()),
                org.assertj.core.groups.Tuple.tuple("hello", approved.id()),
                org.assertj.core.groups.Tuple.tuple("other", other.id()));
    }

    @Test
    void eachPersonDecidesOncePerPromotion() {
        Promotion p = create("hello", "production");
        Promotion q = create("hello", "production");
        assertThat(promotions.decide(new Approval("hello", p.id(), "bob", Approval.Decision.APPROVE, null, T0))).isTrue();
        assertThat(promotions.decide(new Approval("hello", p.id(), "bob", Approval.Decision.REJECT, "no", T0))).isFalse();
        assertThat(promotions.decide(new Approval("hello", p.id(), "carl", Approval.Decision.REJECT, "breaks checkout",
                T0.plusSeconds(1)))).isTrue();
        assertThat(promotions.decide(new Approval("hello", q.id(), "bob", Approval.Decision.APPROVE, null, T0))).isTrue();
        assertThat(promotions.approvals("hello", p.id())).containsExactly(
                new Approval("hello", p.id(), "bob", Approval.Decision.APPROVE, null, T0),
                new Approval("hello", p.id(), "carl", Approval.Decision.REJECT, "breaks checkout", T0.plusSeconds(1)));
    }

    @Test
    void historyReadsThePromotionsThatDeployedIntoAnEnvironmentAndTheirDecisionsAtOnce() {
        Promotion first = create("hello", "production");
        Promotion pending = create("hello", "production");
        Promotion staging = create("hello", "staging");
        Promotion second = create("hello", "production");
        Promotion elsewhere = create("other", "production");
        promotions.setDeployment("hello", first.id(), 11);
        promotions.setDeployment("hello", staging.id(), 12);
        promotions.setDeployment("hello", second.id(), 13);
        promotions.setDeployment("other", elsewhere.id(), 13);
        promotions.decide(new Approval("hello", first.id(), "bob", Approval.Decision.APPROVE, null, T0));
        promotions.decide(new Approval("hello", second.id(), "carl", Approval.Decision.APPROVE, null, T0.plusSeconds(2)));
        promotions.decide(new Approval("hello", second.id(), "bob", Approval.Decision.APPROVE, null, T0.plusSeconds(1)));
        promotions.decide(new Approval("hello", pending.id(), "dora", Approval.Decision.APPROVE, null, T0));
        promotions.decide(new Approval("other", elsewhere.id(), "erin", Approval.Decision.APPROVE, null, T0));

        List<Promotion> deployed = promotions.deployedTo("hello", "production", 10);

        assertThat(deployed).extracting(Promotion::id).containsExactly(second.id(), first.id());
        assertThat(promotions.deployedTo("hello", "production", 1)).extracting(Promotion::id).containsExactly(second.id());
        assertThat(promotions.approvals("hello", deployed.stream().map(Promotion::id).toList()))
                .extracting(Approval::promotion, Approval::user).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first.id(), "bob"),
                        org.assertj.core.groups.Tuple.tuple(second.id(), "bob"),
                        org.assertj.core.groups.Tuple.tuple(second.id(), "carl"));
        assertThat(promotions.approvals("hello", List.of())).isEmpty();
    }

    @Test
    void theOverviewReadsTheApprovalsAndRunsOfEveryOpenPromotionAtOnce() {
        SqlRunRepository runs = new SqlRunRepository(db);
        for (int i = 1; i <= 7; i++) { // promotions carry run #7's artifact
            runs.create(new dev.slipway.pipeline.NewRun("hello", "main", "c".repeat(40), "t" + i, "sha256:pipe", "alice",
                    T0, List.of(new dev.slipway.pipeline.NewRun.JobKey(0, "build", "compile"))));
        }
        Promotion open = create("hello", "production");
        Promotion done = create("hello", "production");
        Promotion elsewhere = create("other", "production");
        promotions.move("hello", done.id(), PromotionState.PENDING, PromotionState.REJECTED, T0, "no");
        Approval bob = new Approval("hello", open.id(), "bob", Approval.Decision.APPROVE, null, T0);
        promotions.decide(bob);
        promotions.decide(new Approval("hello", done.id(), "carl", Approval.Decision.REJECT, "no", T0));
        promotions.decide(new Approval("other", elsewhere.id(), "dora", Approval.Decision.APPROVE, null, T0));
        assertThat(promotions.approvalsOfOpen()).extracting(Approval::user).containsExactlyInAnyOrder("bob", "dora");
        assertThat(promotions.runsOfOpen()).extracting(dev.slipway.pipeline.Run::app, dev.slipway.pipeline.Run::number)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hello", 7L));
    }

    /** Whoever pushed the commit (any branch, any outcome) or a run that built or reused the digest; no one else. */
    @Test
    void authorsAreEveryRunOfTheCommitOrTheDigest() {
        SqlRunRepository runs = new SqlRunRepository(db);
        String commit = "c".repeat(40);
        run(runs, "hello", "feature/x", commit, "rita", null);                   // #1: the commit, run failed
        run(runs, "hello", "main", "d".repeat(40), "dora", DIGEST);              // #2: another commit, same digest
        run(runs, "hello", "main", "e".repeat(40), "mallory", Digest.ofBytes("other".getBytes())); // #3: unrelated
        run(runs, "other", "main", commit, "olga", DIGEST);                      // #1 of another app
        Promotion open = create("hello", "production");
        Promotion done = create("hello", "staging");
        promotions.move("hello", done.id(), PromotionState.PENDING, PromotionState.REJECTED, T0, "no");
        Promotion elsewhere = create("other", "production");

        assertThat(promotions.authors("hello", open.id())).containsExactly(
                new dev.slipway.promotion.Author("hello", open.id(), "rita", 1, "feature/x", commit),
                new dev.slipway.promotion.Author("hello", open.id(), "dora", 2, "main", "d".repeat(40)));
        assertThat(promotions.authorsOfOpen()).extracting(a -> a.app() + "#" + a.promotion() + ":" + a.user())
                .containsExactly("hello#" + open.id() + ":rita", "hello#" + open.id() + ":dora",
                        "other#" + elsewhere.id() + ":olga");
    }

    private static void run(SqlRunRepository runs, String app, String branch, String commit, String pusher,
                            Digest artifact) {
        dev.slipway.pipeline.Run run = runs.create(new dev.slipway.pipeline.NewRun(app, branch, commit, "t", "sha256:p",
                pusher, T0, List.of()));
        if (artifact != null) {
            runs.setArtifact(app, run.number(), artifact, null);
        }
    }

    @Test
    void concurrentDecisionsByOnePersonLandOnce() throws Exception {
        Promotion p = create("hello", "production");
        AtomicInteger landed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 16; i++) {
            pool.submit(() -> {
                if (promotions.decide(new Approval("hello", p.id(), "bob", Approval.Decision.APPROVE, null, T0))) {
                    landed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(landed).hasValue(1);
        assertThat(promotions.approvals("hello", p.id())).hasSize(1);
    }
}

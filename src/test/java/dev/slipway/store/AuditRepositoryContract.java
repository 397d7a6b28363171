package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.audit.AuditChain;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Verification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every AuditRepository must do, on every database. Tampering with it: AuditTamperingContract. */
abstract class AuditRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    private SqlAuditRepository repository;
    private AuditLog log;

    @BeforeEach
    void setUp() {
        repository = new SqlAuditRepository(db);
        log = new AuditLog(repository, Clock.fixed(T0.plusNanos(456_789), ZoneOffset.UTC));
    }

    @Test
    void appendNumbersFromOneAndChainsEachEntryToThePreviousOne() {
        log.record("alice", "app.created", "hello", "app hello", null, "créé");
        log.record("slipway", "run.finished", null, "run #1", "", "SUCCEEDED");
        List<AuditEntry> entries = log.list(null, 0, 10);

        assertThat(entries).extracting(AuditEntry::seq).containsExactly(2L, 1L);
        AuditEntry first = entries.get(1);
        AuditEntry second = entries.get(0);
        assertThat(first).isEqualTo(new AuditEntry(1, T0, "alice", "app.created", "hello", "app hello", null, "créé",
                AuditChain.GENESIS, first.hash()));
        assertThat(second.app()).isNull();
        assertThat(second.before()).isEmpty();
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(entries).allSatisfy(e -> assertThat(AuditChain.hashOf(e)).isEqualTo(e.hash()));
        assertThat(log.verify()).isEqualTo(new Verification(true, 2, second.hash(), null, null, null));
    }

    @Test
    void anEmptyLogVerifies() {
        assertThat(log.verify()).isEqualTo(new Verification(true, 0, AuditChain.GENESIS, null, null, null));
    }

    @Test
    void listFiltersByAppAndPagesNewestFirst() {
        for (int i = 1; i <= 7; i++) {
            log.record("alice", "x", i % 2 == 0 ? "even" : "odd", "thing " + i, null, null);
        }
        log.record("slipway", "y", null, "no app", null, null);
        assertThat(log.list(null, 0, 3)).extracting(AuditEntry::seq).containsExactly(8L, 7L, 6L);
        assertThat(log.list(null, 6, 3)).extracting(AuditEntry::seq).containsExactly(5L, 4L, 3L);
        assertThat(log.list(null, 3, 3)).extracting(AuditEntry::seq).containsExactly(2L, 1L);
        assertThat(log.list(null, 1, 3)).isEmpty();
        assertThat(log.list("even", 0, 10)).extracting(AuditEntry::seq).containsExactly(6L, 4L, 2L);
        assertThat(log.list("odd", 5, 10)).extracting(AuditEntry::seq).containsExactly(3L, 1L);
        assertThat(log.list("none", 0, 10)).isEmpty();
    }

    @Test
    void afterReadsOldestFirstFromJustPastTheGivenSeq() {
        for (int i = 1; i <= 5; i++) {
            log.record("alice", "x", i % 2 == 0 ? "even" : "odd", "thing " + i, null, null);
        }
        assertThat(repository.after(0, 2)).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        assertThat(repository.after(2, 10)).extracting(AuditEntry::seq).containsExactly(3L, 4L, 5L);
        assertThat(repository.after(2, 10).get(0).subject()).isEqualTo("thing 3");
        assertThat(repository.after(5, 10)).isEmpty();
    }

    @Test
    void concurrentAppendsFromEightThreadsStayGapFreeAndVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    log.record("thread-" + thread, "x", "app" + thread, "item " + i, null, null);
                }
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : done) {
            f.get(); // rethrows what failed in a thread
        }
        assertThat(log.list(null, 0, 1000)).extracting(AuditEntry::seq)
                .containsExactlyElementsOf(LongStream.iterate(200, i -> i >= 1, i -> i - 1).boxed().toList());
        Verification verification = log.verify();
        assertThat(verification.ok()).as(verification.problem()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(200);
    }

    @Test
    void verifyWhileOthersAppendSeesAHeadThatMatchesTheEntries() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> appenders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            appenders.add(pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    log.record("slipway", "x", null, "item " + i, null, null);
                }
            }));
        }
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int verifications = 0;
        while (!pool.isTerminated() || verifications == 0) {
            assertThat(System.nanoTime()).as("appenders still running after 60 s").isLessThan(deadline);
            Verification verification = log.verify();
            assertThat(verification.ok()).as(verification.problem()).isTrue();
            verifications++;
        }
        for (Future<?> f : appenders) {
            f.get();
        }
        assertThat(log.verify().entriesChecked()).isEqualTo(180);
    }

    @Test
    void anAppendInARolledBackTransactionLeavesNoEntryAndNoGap() {
        log.record("alice", "app.created", "hello", "app hello", null, "created");
        assertThatThrownBy(() -> db.inTransaction(h -> {
            log.record("alice", "app.deleted", "hello", "app hello", "created", null);
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        log.record("bob", "app.created", "other", "app other", null, "created");

        assertThat(log.list(null, 0, 10)).extracting(AuditEntry::seq, AuditEntry::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "bob"),
                        org.assertj.core.groups.Tuple.tuple(1L, "alice"));
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void anAppendCommitsWithTheCallersTransaction() {
        db.useTransaction(h -> {
            log.record("alice", "app.created", "hello", "app hello", null, "created");
            // Same connection: visible inside the transaction before it commits.
            assertThat(log.list(null, 0, 10)).hasSize(1);
        });
        assertThat(log.list(null, 0, 10)).hasSize(1);
    }
}

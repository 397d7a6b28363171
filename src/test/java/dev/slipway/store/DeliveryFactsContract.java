package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import dev.slipway.dora.DeliveryFacts;
import dev.slipway.dora.Dora;
import dev.slipway.dora.DoraReport;
import dev.slipway.dora.DoraWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DORA figures over a history written at fixed instants, on every database; each expected figure is worked out
 * by hand in the comments. NOW is 2026-12-03T12:00Z; the 7-day window starts at 2026-11-26T12:00Z (included).
 */
abstract class DeliveryFactsContract extends DatabaseFixture {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    private Dora dora;
    private SqlDeliveryFacts facts;
    private int port = 23000;

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @BeforeEach
    void history() {
        facts = new SqlDeliveryFacts(db);
        dora = new Dora(facts, Clock.fixed(NOW, ZoneOffset.UTC));
        app("web");
        app("empty");
        environment("web", "staging", null);
        environment("web", "qa", null);
        environment("web", "production", null);
        environment("web", "dev-feature", "feature");
        environment("empty", "production", null);

        // when Slipway first saw each commit (its earliest run)
        run("web", 1, "c1", at("2026-11-26T10:00:00Z"));
        run("web", 2, "c2", at("2026-11-27T09:00:00Z"));
        run("web", 3, "c3", at("2026-11-28T09:00:00Z"));
        run("web", 4, "c4", at("2026-11-30T09:00:00Z"));
        run("web", 5, "c1", at("2026-11-29T00:00:00Z")); // c1 pushed again later: its first sight stays 11-26T10:00
        run("web", 6, "c0", at("2026-11-20T00:00:00Z"));

        // production (recreate)
        deployment(100, "production", "c0", "PUSH", "RETIRED", at("2026-11-26T11:59:59.999Z"), START); // 1 ms before the window
        deployment(101, "production", "c1", "PROMOTION", "RETIRED", START, at("2026-11-27T12:00:00Z")); // exactly at the start
        deployment(102, "production", "c2", "PROMOTION", "RETIRED", at("2026-11-27T12:00:00Z"), at("2026-11-28T12:00:00Z"));
        deployment(103, "production", "c1", "ROLLBACK", "RETIRED", at("2026-11-28T12:00:00Z"), at("2026-11-29T12:00:00Z"));
        deployment(104, "production", "c3", "PROMOTION", "FAILED", at("2026-11-29T10:00:00Z"), null);
        deployment(105, "production", "c3", "PROMOTION", "LIVE", at("2026-11-29T12:00:00Z"), null);
        // qa (blue/green): #111 went live, then the watch swapped back to #110, re-stamping #110's go-live
        deployment(110, "qa", "c2", "PROMOTION", "LIVE", at("2026-12-01T12:00:00Z"), null);
        deployment(111, "qa", "c3", "PROMOTION", "WARM", at("2026-11-30T12:00:00Z"), at("2026-12-01T12:00:00Z"));
        // staging: a failure nothing has restored yet
        deployment(120, "staging", "c4", "PUSH", "FAILED", at("2026-12-03T11:00:00Z"), null);
        // a per-branch environment
        deployment(130, "dev-feature", "c2", "PUSH", "LIVE", at("2026-12-02T12:00:00Z"), null);
    }

    @Test
    void productionsFourFiguresAreTheHandCountedOnes() {
        DoraReport.EnvironmentFigures p = figures(dora.report("web", "7", Optional.of("production")), "production");
        // went live in [11-26T12:00, 12-03T12:00], rollbacks not counted: #101 (at the start exactly), #102, #105;
        // #100 is 1 ms early, #103 is a rollback, #104 failed
        assertThat(p.deployments()).isEqualTo(3);
        assertThat(p.perDay()).isEqualTo(3 / 7.0);
        assertThat(p.perWeek()).isEqualTo(3.0);
        // lead times: #101 c1 11-26T10:00 → 11-26T12:00 = 2h; #102 c2 11-27T09:00 → 11-27T12:00 = 3h;
        // #105 c3 11-28T09:00 → 11-29T12:00 = 27h. Sorted [2h, 3h, 27h]: median rank ceil(0.5·3) = 2 → 3h;
        // p90 rank ceil(0.9·3) = 3 → 27h
        assertThat(p.leadTimeMedian()).contains(Duration.ofHours(3));
        assertThat(p.leadTimeP90()).contains(Duration.ofHours(27));
        assertThat(p.leadTimeSamples()).isEqualTo(3);
        // finished in the window: #101, #102, #104, #105 = 4; failures: #102 (replaced by rollback #103), #104
        // (FAILED) = 2 → 2 / 4 = 0.5
        assertThat(p.attempts()).isEqualTo(4);
        assertThat(p.failures()).isEqualTo(2);
        assertThat(p.changeFailureRate()).contains(0.5);
        // restores: #102 live 11-27T12:00 → rollback live 11-28T12:00 = 24h; #104 failed 11-29T10:00 → #105 live
        // 11-29T12:00 = 2h. Sorted [2h, 24h]: median rank ceil(0.5·2) = 1 → 2h
        assertThat(p.timeToRestoreMedian()).contains(Duration.ofHours(2));
        assertThat(p.restored()).isEqualTo(2);
        assertThat(p.unrestored()).isZero();
        // day bars from 11-26T12:00: #101 in bar 0, #102 (live, and its failure) in bar 1, #104 (11-29T10:00) in
        // bar 2, #105 (11-29T12:00) in bar 3
        assertThat(p.bars()).extracting(DoraReport.Bar::deployments).containsExactly(1, 1, 0, 1, 0, 0, 0);
        assertThat(p.bars()).extracting(DoraReport.Bar::failures).containsExactly(0, 1, 1, 0, 0, 0, 0);
        assertThat(p.bars().get(0).start()).isEqualTo(START);
    }

    @Test
    void aSwapBackToAnOlderDeploymentIsARollbackNotAChange() {
        DoraReport.EnvironmentFigures qa = figures(dora.report("web", "7", Optional.empty()), "qa");
        // #111 went live 11-30T12:00 and was swapped away when #110 (older) went live again at 12-01T12:00: a
        // rollback. #110's own first go-live was overwritten by the swap (a recorded limit): it is not counted.
        assertThat(qa.deployments()).isEqualTo(1);
        // lead: c3 11-28T09:00 → 11-30T12:00 = 51h
        assertThat(qa.leadTimeMedian()).contains(Duration.ofHours(51));
        // 1 of 1 failed; restored 24h later
        assertThat(qa.changeFailureRate()).contains(1.0);
        assertThat(qa.timeToRestoreMedian()).contains(Duration.ofHours(24));
    }

    @Test
    void leadTimeStartsAtTheCommitsOwnTimeWhenItsRunsRecordedIt() {
        app("timed");
        environment("timed", "production", null);
        // c7 was committed at 12-01T06:00 and first pushed at 12-01T09:00; c8's runs predate the column (no commit
        // time): its lead time starts at its first push, 12-01T10:00.
        db.useHandle(h -> h.execute("INSERT INTO runs (app, number, branch, commit_sha, tree_id, pushed_by, state, "
                + "created_at, committed_at) VALUES ('timed', 1, 'main', 'c7', 't', 'alice', 'SUCCEEDED', ?, ?)",
                at("2026-12-01T09:00:00Z").toEpochMilli(), at("2026-12-01T06:00:00Z").toEpochMilli()));
        db.useHandle(h -> h.execute("INSERT INTO runs (app, number, branch, commit_sha, tree_id, pushed_by, state, "
                + "created_at) VALUES ('timed', 2, 'main', 'c8', 't', 'alice', 'SUCCEEDED', ?)",
                at("2026-12-01T10:00:00Z").toEpochMilli()));
        for (String[] d : new String[][] {{"1", "c7", "2026-12-01T12:00:00Z", "2026-12-02T12:00:00Z", "RETIRED"},
                {"2", "c8", "2026-12-02T12:00:00Z", null, "LIVE"}}) {
            long live = at(d[2]).toEpochMilli();
            db.useHandle(h -> h.execute("INSERT INTO deployments (app, id, environment, digest, commit_sha, run, "
                    + "trigger_kind, actor, command, health, start_timeout_ms, config, state, created_at, started_at, "
                    + "finished_at, retired_at) VALUES ('timed', ?, 'production', ?, ?, 1, 'PROMOTION', 'alice', 'x', "
                    + "'/', 1000, '{}', ?, ?, ?, ?, ?)", Long.parseLong(d[0]), "sha256:" + "0".repeat(63) + d[0], d[1],
                    d[4], live - 60_000, live - 30_000, live, d[3] == null ? null : at(d[3]).toEpochMilli()));
        }
        DoraReport.EnvironmentFigures p = figures(dora.report("timed", "7", Optional.empty()), "production");
        // c7: 06:00 → 12-01T12:00 = 6h (not 3h from its push); c8: 12-01T10:00 → 12-02T12:00 = 26h.
        // Nearest rank over [6h, 26h]: median = the 1st (ceil(0.5 * 2)), p90 = the 2nd (ceil(0.9 * 2)).
        assertThat(p.leadTimeSamples()).isEqualTo(2);
        assertThat(p.leadTimeMedian()).contains(Duration.ofHours(6));
        assertThat(p.leadTimeP90()).contains(Duration.ofHours(26));
    }

    @Test
    void aFailureNotYetRestoredIsCountedButHasNoRestoreTime() {
        DoraReport.EnvironmentFigures staging = figures(dora.report("web", "7", Optional.empty()), "staging");
        assertThat(staging.deployments()).isZero();
        assertThat(staging.leadTimeMedian()).isEmpty();
        assertThat(staging.changeFailureRate()).contains(1.0);
        assertThat(staging.timeToRestoreMedian()).isEmpty();
        assertThat(staging.unrestored()).isEqualTo(1);
    }

    @Test
    void everyFixedEnvironmentIsListedThenPerBranchOnesWithDeployments() {
        DoraReport report = dora.report("web", "7", Optional.empty());
        assertThat(report.environments()).extracting(DoraReport.EnvironmentFigures::environment)
                .containsExactly("staging", "qa", "production", "dev-feature");
    }

    @Test
    void anAppWithNoProductionDeploymentsHasNoFiguresNotZeroes() {
        DoraReport.EnvironmentFigures p = figures(dora.report("empty", "90", Optional.empty()), "production");
        assertThat(p.deployments()).isZero();
        assertThat(p.perDay()).isZero();
        assertThat(p.leadTimeMedian()).isEmpty();
        assertThat(p.leadTimeP90()).isEmpty();
        assertThat(p.changeFailureRate()).isEmpty();
        assertThat(p.timeToRestoreMedian()).isEmpty();
        assertThat(p.bars()).hasSize(13); // 90 days in weeks: 12 of 7 days and one of 6
    }

    @Test
    void theWindowsStartIsIncludedAndWhatCameJustBeforeIsNot() {
        // 30 days back reaches #100 (11-26T11:59:59.999) too: 4 went live
        assertThat(figures(dora.report("web", "30", Optional.of("production")), "production").deployments()).isEqualTo(4);
        // a window starting 1 ms after #101 went live leaves only #102 and #105
        DoraWindow later = new DoraWindow(7, START.plusMillis(1), NOW);
        assertThat(figures(dora.report("web", later, Optional.of("production")), "production").deployments()).isEqualTo(2);
    }

    @Test
    void anotherWindowOrAnUnknownEnvironmentIsRefusedSayingWhy() {
        assertThatThrownBy(() -> dora.report("web", "14", Optional.empty())).isInstanceOf(Problem.class)
                .hasMessageContaining("days must be 7, 30 or 90 (got 14)");
        assertThatThrownBy(() -> dora.report("web", "week", Optional.empty())).isInstanceOf(Problem.class)
                .hasMessageContaining("days must be 7, 30 or 90");
        assertThatThrownBy(() -> dora.report("web", "7", Optional.of("prod"))).isInstanceOf(Problem.class)
                .hasMessageContaining("no environment 'prod' in app 'web'");
    }

    @Test
    void totalsCountEveryAppAndEnvironmentAllTime() {
        // went live, not rollbacks: #100, #101, #102, #105, #110, #111, #130 = 7; rolled back: #102, #111 = 2;
        // failed: #104, #120 = 2
        assertThat(facts.totals()).isEqualTo(new DeliveryFacts.Totals(7, 2, 2));
    }

    private static DoraReport.EnvironmentFigures figures(DoraReport report, String env) {
        return report.environments().stream().filter(f -> f.environment().equals(env)).findFirst().orElseThrow();
    }

    private void app(String name) {
        db.useHandle(h -> h.execute("INSERT INTO apps (name, created_at) VALUES (?, ?)", name, 0L));
    }

    private void environment(String app, String name, String branch) {
        int p = port++;
        db.useHandle(h -> h.execute("INSERT INTO environments (app, name, spec_name, branch, port, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", app, name, branch == null ? name : "dev", branch, p, (long) p));
    }

    private void run(String app, long number, String commit, Instant createdAt) {
        db.useHandle(h -> h.execute("INSERT INTO runs (app, number, branch, commit_sha, tree_id, pushed_by, state, "
                + "created_at) VALUES (?, ?, 'main', ?, 't', 'alice', 'SUCCEEDED', ?)", app, number, commit,
                createdAt.toEpochMilli()));
    }

    private void deployment(long id, String env, String commit, String trigger, String state, Instant finishedAt,
                            Instant retiredAt) {
        db.useHandle(h -> h.execute("INSERT INTO deployments (app, id, environment, digest, commit_sha, run, "
                        + "trigger_kind, actor, command, health, start_timeout_ms, config, state, created_at, "
                        + "started_at, finished_at, retired_at) VALUES ('web', ?, ?, ?, ?, 1, ?, 'alice', 'x', '/', "
                        + "1000, '{}', ?, ?, ?, ?, ?)", id, env, String.format("sha256:%064x", commit.hashCode() & 0xffffffffL), commit, trigger, state,
                finishedAt.toEpochMilli() - 60_000, finishedAt.toEpochMilli() - 30_000, finishedAt.toEpochMilli(),
                retiredAt == null ? null : retiredAt.toEpochMilli()));
    }

}

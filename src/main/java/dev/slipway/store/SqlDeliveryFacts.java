package dev.slipway.store;

import dev.slipway.dora.Delivery;
import dev.slipway.dora.DeliveryFacts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The DORA figures' reads, one query each, the same SQL on SQLite and PostgreSQL. A deployment "went live" if it is
 * LIVE, WARM or RETIRED; its {@code finished_at} is when it did, and {@code retired_at} when what replaced it went
 * live (goLive and swap stamp both with the same instant), which is how its replacement is found: a ROLLBACK
 * deployment, or an older deployment swapped back in (blue/green, by a person or the watch), means it was rolled back.
 * Each look-up is a point or first-row seek on {@code deployments_by_finish} (app, environment, finished_at),
 * {@code deployments_by_retirement} (app, environment, retired_at; both V32) or {@code runs_by_commit}: one query
 * whose cost grows with the window's deployments, not with the environment's history.
 * ({@code +b.id}: a unary plus, the same number on both databases, keeps SQLite's planner — which has no statistics —
 * from walking the environment's newer deployments by id instead of seeking the retirement instant.)
 */
public final class SqlDeliveryFacts implements DeliveryFacts {
    private static final String WENT_LIVE = "('LIVE', 'WARM', 'RETIRED')";

    /** d replaced by a rollback: what went live when d was retired is a ROLLBACK or an older deployment. */
    private static final String ROLLED_BACK = "d.retired_at IS NOT NULL AND d.state IN " + WENT_LIVE + " AND EXISTS ("
            + "SELECT 1 FROM deployments n WHERE n.app = d.app AND n.environment = d.environment "
            + "AND n.finished_at = d.retired_at AND n.state IN " + WENT_LIVE
            + " AND (n.trigger_kind = 'ROLLBACK' OR n.id < d.id))";

    /**
     * d went live again after a newer deployment had: a swap back moves the newer one LIVE → WARM, stamping its
     * retired_at with the instant d went live (again; the swap re-stamps d's finished_at). That is a rollback's doing,
     * not a change of its own, so d is not counted again. A point look-up on {@code deployments_by_retirement}.
     */
    private static final String SWAPPED_BACK_IN = "EXISTS (SELECT 1 FROM deployments b WHERE b.app = d.app "
            + "AND b.environment = d.environment AND b.retired_at = d.finished_at AND +b.id > d.id)";

    private final Database db;

    public SqlDeliveryFacts(Database database) {
        this.db = database;
    }

    @Override
    public List<Delivery> deliveries(String app, Optional<String> environment, Instant from, Instant to) {
        String sql = "SELECT d.environment, d.id, d.state, d.finished_at, d.retired_at, "
                + "(SELECT MIN(COALESCE(r.committed_at, r.created_at)) FROM runs r "
                + "WHERE r.app = d.app AND r.commit_sha = d.commit_sha) AS first_seen, "
                + "CASE WHEN " + ROLLED_BACK + " THEN 1 ELSE 0 END AS rolled_back, "
                // only for a failure; the first row in index order, not MIN(), so the seek stops there
                + "CASE WHEN d.state IN ('FAILED', 'ERRORED') THEN (SELECT n.finished_at FROM deployments n "
                + "WHERE n.app = d.app AND n.environment = d.environment AND n.finished_at > d.finished_at "
                + "AND n.state IN " + WENT_LIVE + " ORDER BY n.finished_at LIMIT 1) END AS next_live "
                + "FROM deployments d WHERE d.app = :app" + (environment.isPresent() ? " AND d.environment = :env" : "")
                + " AND d.trigger_kind <> 'ROLLBACK' AND d.finished_at >= :from AND d.finished_at <= :to"
                + " AND (d.state IN ('FAILED', 'ERRORED') OR (d.state IN " + WENT_LIVE + " AND NOT " + SWAPPED_BACK_IN + "))"
                + " ORDER BY d.finished_at, d.id";
        return db.withHandle(h -> {
            var query = h.createQuery(sql).bind("app", app).bind("from", Times.millis(from)).bind("to", Times.millis(to));
            environment.ifPresent(env -> query.bind("env", env));
            return query.map((rs, ctx) -> {
                boolean wentLive = !rs.getString("state").equals("FAILED") && !rs.getString("state").equals("ERRORED");
                boolean rolledBack = rs.getInt("rolled_back") == 1;
                Instant restored = rolledBack ? Times.instant(rs, "retired_at")
                        : wentLive ? null : Times.instant(rs, "next_live");
                return new Delivery(rs.getString("environment"), rs.getLong("id"), wentLive,
                        Times.instant(rs, "first_seen"), Times.instant(rs, "finished_at"), rolledBack, restored);
            }).list();
        });
    }

    @Override
    public List<String> fixedEnvironments(String app) {
        return db.withHandle(h -> h.createQuery("SELECT name FROM environments WHERE app = :app AND branch IS NULL "
                        + "ORDER BY created_at, name")
                .bind("app", app).mapTo(String.class).list());
    }

    @Override
    public boolean environmentExists(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM environments WHERE app = :app AND name = :env")
                .bind("app", app).bind("env", environment).mapTo(Long.class).one() > 0);
    }

    @Override
    public Totals totals() {
        return db.withHandle(h -> h.createQuery("SELECT "
                        + "(SELECT COUNT(*) FROM deployments WHERE trigger_kind <> 'ROLLBACK' AND state IN " + WENT_LIVE + ") AS live, "
                        + "(SELECT COUNT(*) FROM deployments d WHERE " + ROLLED_BACK + ") AS rolled_back, "
                        + "(SELECT COUNT(*) FROM deployments WHERE trigger_kind <> 'ROLLBACK' AND state IN ('FAILED', 'ERRORED')) AS failed")
                .map((rs, ctx) -> new Totals(rs.getLong("live"), rs.getLong("rolled_back"), rs.getLong("failed")))
                .one());
    }
}

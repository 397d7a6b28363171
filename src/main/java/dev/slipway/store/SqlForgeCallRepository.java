package dev.slipway.store;

import dev.slipway.forge.CallKind;
import dev.slipway.forge.CallOutcome;
import dev.slipway.forge.ForgeCall;
import dev.slipway.forge.ForgeCallRepository;
import dev.slipway.forge.NewForgeCall;
import dev.slipway.forge.ReportState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlForgeCallRepository implements ForgeCallRepository {
    private static final String COLUMNS = "id, app, kind, commit_id, ref, state, target_url, description, context, "
            + "run_number, deployment_id, environment, created_at, attempts, next_attempt_at, outcome, last_error, "
            + "http_status, sent_at, forge_id";
    /** An app's oldest PENDING call: the only one of the app that may be sent now. */
    private static final String HEADS = " FROM forge_calls c WHERE outcome = 'PENDING' AND id = (SELECT MIN(id) "
            + "FROM forge_calls o WHERE o.app = c.app AND o.outcome = 'PENDING')";
    private static final RowMapper<ForgeCall> CALL = (rs, ctx) -> new ForgeCall(rs.getLong("id"),
            new NewForgeCall(rs.getString("app"), CallKind.valueOf(rs.getString("kind")), rs.getString("commit_id"),
                    rs.getString("ref"), ReportState.valueOf(rs.getString("state")), rs.getString("target_url"),
                    rs.getString("description"), rs.getString("context"), Times.nullableLong(rs, "run_number"),
                    Times.nullableLong(rs, "deployment_id"), rs.getString("environment")),
            Times.instant(rs, "created_at"), rs.getInt("attempts"), Times.instant(rs, "next_attempt_at"),
            CallOutcome.valueOf(rs.getString("outcome")), rs.getString("last_error"),
            Times.nullableInt(rs, "http_status"), Times.instant(rs, "sent_at"), rs.getString("forge_id"));

    private final Database db;

    public SqlForgeCallRepository(Database database) {
        this.db = database;
    }

    @Override
    public Optional<Long> cursor() {
        return db.withHandle(h -> h.createQuery("SELECT seq FROM forge_report_cursor WHERE id = 1")
                .mapTo(Long.class).findOne());
    }

    @Override
    public long startAt(long seq) {
        return db.inTransaction(h -> {
            h.createUpdate("INSERT INTO forge_report_cursor (id, seq) VALUES (1, :seq) ON CONFLICT (id) DO NOTHING")
                    .bind("seq", seq).execute();
            return h.createQuery("SELECT seq FROM forge_report_cursor WHERE id = 1").mapTo(Long.class).one();
        });
    }

    @Override
    public boolean harvested(long from, long to, List<NewForgeCall> calls, Instant at) {
        return db.inTransaction(h -> {
            // The cursor row first: its lock makes concurrent harvests take turns, so MAX(id) + 1 below is unique.
            int moved = h.createUpdate("UPDATE forge_report_cursor SET seq = :to WHERE id = 1 AND seq = :from")
                    .bind("to", to).bind("from", from).execute();
            if (moved == 0) {
                return false;
            }
            long id = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM forge_calls").mapTo(Long.class).one();
            for (NewForgeCall call : calls) {
                insert(h, ++id, call, at);
            }
            return true;
        });
    }

    private static void insert(Handle h, long id, NewForgeCall c, Instant at) {
        h.createUpdate("INSERT INTO forge_calls (id, app, kind, commit_id, ref, state, target_url, description, context, "
                        + "run_number, deployment_id, environment, created_at, attempts, next_attempt_at, outcome) VALUES "
                        + "(:id, :app, :kind, :commit, :ref, :state, :url, :description, :context, :run, :deployment, "
                        + ":environment, :at, 0, :at, 'PENDING')")
                .bind("id", id).bind("app", c.app()).bind("kind", c.kind().name()).bind("commit", c.commit())
                .bind("ref", c.ref()).bind("state", c.state().name()).bind("url", c.targetUrl())
                .bind("description", c.description()).bind("context", c.context()).bind("run", c.run())
                .bind("deployment", c.deployment()).bind("environment", c.environment()).bind("at", Times.millis(at))
                .execute();
    }

    @Override
    public List<ForgeCall> due(Instant now) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + HEADS + " AND next_attempt_at <= :now ORDER BY id")
                .bind("now", Times.millis(now)).map(CALL).list());
    }

    @Override
    public Optional<Instant> nextDue() {
        return db.withHandle(h -> h.createQuery("SELECT MIN(next_attempt_at) AS next_at" + HEADS)
                .map((rs, ctx) -> Optional.ofNullable(Times.instant(rs, "next_at"))).one());
    }

    @Override
    public boolean sent(long id, int attempts, int httpStatus, String forgeId, Instant at) {
        return db.withHandle(h -> h.createUpdate("UPDATE forge_calls SET outcome = 'SENT', attempts = :attempts, "
                        + "http_status = :status, forge_id = :forgeId, sent_at = :at, last_error = NULL "
                        + "WHERE id = :id AND outcome = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("status", httpStatus).bind("forgeId", forgeId)
                .bind("at", Times.millis(at)).execute() == 1);
    }

    @Override
    public boolean retry(long id, int attempts, Integer httpStatus, String error, Instant next) {
        return db.withHandle(h -> h.createUpdate("UPDATE forge_calls SET attempts = :attempts, http_status = :status, "
                        + "last_error = :error, next_attempt_at = :next WHERE id = :id AND outcome = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("status", httpStatus).bind("error", error)
                .bind("next", Times.millis(next)).execute() == 1);
    }

    @Override
    public boolean gaveUp(long id, int attempts, Integer httpStatus, String error, Instant at) {
        return db.withHandle(h -> h.createUpdate("UPDATE forge_calls SET outcome = 'GAVE_UP', attempts = :attempts, "
                        + "http_status = :status, last_error = :error, next_attempt_at = :at "
                        + "WHERE id = :id AND outcome = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("status", httpStatus).bind("error", error)
                .bind("at", Times.millis(at)).execute() == 1);
    }

    @Override
    public Optional<ForgeCall> deploymentCall(String app, long deployment) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM forge_calls WHERE app = :app AND "
                        + "deployment_id = :deployment AND kind = 'DEPLOYMENT' ORDER BY id LIMIT 1")
                .bind("app", app).bind("deployment", deployment).map(CALL).findOne());
    }

    @Override
    public List<ForgeCall> list(String app, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM forge_calls WHERE app = :app "
                        + "ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("limit", limit).map(CALL).list());
    }
}

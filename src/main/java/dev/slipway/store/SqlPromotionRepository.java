package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.promotion.Approval;
import dev.slipway.promotion.Author;
import dev.slipway.promotion.NewPromotion;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionRepository;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.PromotionState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlPromotionRepository implements PromotionRepository {
    private static final String COLUMNS = "app, id, environment, digest, commit_sha, run, source, requested_by, author, "
            + "state, reason, deployment, created_at, updated_at, tag";
    private static final String OPEN = "state IN ('PENDING', 'APPROVED', 'DEPLOYING')";
    private static final RowMapper<Promotion> PROMOTION = (rs, ctx) -> new Promotion(
            rs.getString("app"), rs.getLong("id"), rs.getString("environment"), Digest.parse(rs.getString("digest")),
            rs.getString("commit_sha"), rs.getLong("run"), PromotionSource.valueOf(rs.getString("source")),
            rs.getString("requested_by"), rs.getString("author"), PromotionState.valueOf(rs.getString("state")),
            rs.getString("reason"), Times.nullableLong(rs, "deployment"), Times.instant(rs, "created_at"),
            Times.instant(rs, "updated_at"), rs.getString("tag"));
    private static final RowMapper<Approval> APPROVAL = (rs, ctx) -> new Approval(
            rs.getString("app"), rs.getLong("promotion"), rs.getString("user_name"),
            Approval.Decision.valueOf(rs.getString("decision")), rs.getString("reason"), Times.instant(rs, "decided_at"));

    /** A promotion's author runs: its commit pushed anywhere, or its digest built or reused from another commit. */
    private static final String AUTHOR_RUNS = "SELECT p.app, p.id, r.pushed_by, r.number, r.branch, r.commit_sha "
            + "FROM promotions p JOIN runs r ON r.app = p.app AND (r.commit_sha = p.commit_sha OR r.artifact = p.digest) ";
    private static final RowMapper<Author> AUTHOR = (rs, ctx) -> new Author(rs.getString("app"), rs.getLong("id"),
            rs.getString("pushed_by"), rs.getLong("number"), rs.getString("branch"), rs.getString("commit_sha"));

    private final Database db;

    public SqlPromotionRepository(Database database) {
        this.db = database;
    }

    @Override
    public Promotion create(NewPromotion p) {
        return db.inTransaction(h -> {
            long id = Counters.next(h, p.app(), "promotion_counter");
            h.createUpdate("INSERT INTO promotions (app, id, environment, digest, commit_sha, run, source, requested_by, "
                            + "author, state, created_at, updated_at, tag) VALUES (:app, :id, :env, :digest, :commit, :run, "
                            + ":source, :requestedBy, :author, 'PENDING', :at, :at, :tag)")
                    .bind("app", p.app()).bind("id", id).bind("env", p.environment()).bind("digest", p.digest().toString())
                    .bind("commit", p.commit()).bind("run", p.run()).bind("source", p.source().name())
                    .bind("requestedBy", p.requestedBy()).bind("author", p.author())
                    .bind("at", Times.millis(p.createdAt())).bind("tag", p.tag()).execute();
            return find(h, p.app(), id).orElseThrow();
        });
    }

    @Override
    public boolean move(String app, long id, PromotionState from, PromotionState to, Instant at, String reason) {
        from.checkMoveTo(to);
        return db.withHandle(h -> h.createUpdate("UPDATE promotions SET state = :to, updated_at = :at, "
                        + "reason = COALESCE(:reason, reason) WHERE app = :app AND id = :id AND state = :from")
                .bind("to", to.name()).bind("at", Times.millis(at)).bind("reason", reason)
                .bind("app", app).bind("id", id).bind("from", from.name()).execute()) == 1;
    }

    @Override
    public void setDeployment(String app, long id, long deployment) {
        db.useHandle(h -> h.createUpdate("UPDATE promotions SET deployment = :deployment WHERE app = :app AND id = :id")
                .bind("deployment", deployment).bind("app", app).bind("id", id).execute());
    }

    @Override
    public Optional<Promotion> find(String app, long id) {
        return db.withHandle(h -> find(h, app, id));
    }

    private static Optional<Promotion> find(Handle h, String app, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM promotions WHERE app = :app AND id = :id")
                .bind("app", app).bind("id", id).map(PROMOTION).findOne();
    }

    @Override
    public List<Promotion> list(String app, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM promotions WHERE app = :app "
                        + "ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("limit", limit).map(PROMOTION).list());
    }

    @Override
    public List<Promotion> open(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM promotions WHERE app = :app AND " + OPEN
                        + " ORDER BY id")
                .bind("app", app).map(PROMOTION).list());
    }

    @Override
    public List<Promotion> open() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM promotions WHERE " + OPEN
                + " ORDER BY created_at, app, id").map(PROMOTION).list());
    }

    @Override
    public boolean decide(Approval a) {
        // Insert-if-absent in one statement (both databases know ON CONFLICT): a second decision never lands.
        return db.withHandle(h -> h.createUpdate("INSERT INTO promotion_approvals (app, promotion, user_name, decision, "
                        + "reason, decided_at) VALUES (:app, :promotion, :user, :decision, :reason, :at) "
                        + "ON CONFLICT (app, promotion, user_name) DO NOTHING")
                .bind("app", a.app()).bind("promotion", a.promotion()).bind("user", a.user())
                .bind("decision", a.decision().name()).bind("reason", a.reason()).bind("at", Times.millis(a.at()))
                .execute()) == 1;
    }

    @Override
    public List<Approval> approvalsOfOpen() {
        return db.withHandle(h -> h.createQuery("SELECT a.app, a.promotion, a.user_name, a.decision, a.reason, "
                        + "a.decided_at FROM promotion_approvals a JOIN promotions p ON p.app = a.app AND p.id = a.promotion "
                        + "WHERE p." + OPEN + " ORDER BY a.decided_at, a.user_name")
                .map(APPROVAL).list());
    }

    @Override
    public List<Author> authors(String app, long promotion) {
        return db.withHandle(h -> h.createQuery(AUTHOR_RUNS + "WHERE p.app = :app AND p.id = :id ORDER BY r.number")
                .bind("app", app).bind("id", promotion).map(AUTHOR).list());
    }

    @Override
    public List<Author> authorsOfOpen() {
        return db.withHandle(h -> h.createQuery(AUTHOR_RUNS + "WHERE p." + OPEN + " ORDER BY p.app, p.id, r.number")
                .map(AUTHOR).list());
    }

    @Override
    public List<dev.slipway.pipeline.Run> runsOfOpen() {
        // from the open promotions (state index) to their runs (primary key); a run two promotions carry comes once
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT " + SqlRunRepository.prefixedColumns("r.")
                        + " FROM promotions p JOIN runs r ON r.app = p.app AND r.number = p.run WHERE p." + OPEN)
                .map(SqlRunRepository.RUN).list());
    }

    @Override
    public List<Promotion> deployedTo(String app, String environment, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM promotions WHERE app = :app AND "
                        + "environment = :env AND deployment IS NOT NULL ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("env", environment).bind("limit", limit).map(PROMOTION).list());
    }

    @Override
    public List<Approval> approvals(String app, java.util.Collection<Long> promotions) {
        if (promotions.isEmpty()) {
            return List.of();
        }
        return db.withHandle(h -> h.createQuery("SELECT app, promotion, user_name, decision, reason, decided_at "
                        + "FROM promotion_approvals WHERE app = :app AND promotion IN (<promotions>) "
                        + "ORDER BY decided_at, user_name")
                .bind("app", app).bindList("promotions", List.copyOf(promotions)).map(APPROVAL).list());
    }

    @Override
    public List<Approval> approvals(String app, long promotion) {
        return db.withHandle(h -> h.createQuery("SELECT app, promotion, user_name, decision, reason, decided_at "
                        + "FROM promotion_approvals WHERE app = :app AND promotion = :promotion "
                        + "ORDER BY decided_at, user_name")
                .bind("app", app).bind("promotion", promotion).map(APPROVAL).list());
    }
}

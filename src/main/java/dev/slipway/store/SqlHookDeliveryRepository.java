package dev.slipway.store;

import dev.slipway.forge.Forge;
import dev.slipway.forge.HookDelivery;
import dev.slipway.forge.HookDeliveryRepository;
import dev.slipway.forge.HookOutcome;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlHookDeliveryRepository implements HookDeliveryRepository {
    private static final String COLUMNS = "app, id, forge, delivery_id, event, ref, received_at, outcome, detail, "
            + "before_commit, after_commit, login";
    private static final RowMapper<HookDelivery> DELIVERY = (rs, ctx) -> new HookDelivery(rs.getString("app"),
            rs.getLong("id"), Forge.of(rs.getString("forge")), rs.getString("delivery_id"), rs.getString("event"),
            rs.getString("ref"), Times.instant(rs, "received_at"), HookOutcome.valueOf(rs.getString("outcome")),
            rs.getString("detail"), rs.getString("before_commit"), rs.getString("after_commit"),
            rs.getString("login"));

    private final Database db;

    public SqlHookDeliveryRepository(Database database) {
        this.db = database;
    }

    @Override
    public Optional<Long> record(HookDelivery d) {
        return db.inTransaction(h -> {
            long id = Counters.next(h, d.app(), "hook_counter");
            // the unique key decides a replay: two copies of one delivery arriving at once cannot both insert
            Optional<Long> inserted = h.createQuery("INSERT INTO hook_deliveries (" + COLUMNS + ") VALUES (:app, :id, "
                            + ":forge, :delivery, :event, :ref, :at, :outcome, :detail, :before, :after, :login) "
                            + "ON CONFLICT (app, forge, delivery_id) DO NOTHING RETURNING id")
                    .bind("app", d.app()).bind("id", id).bind("forge", d.forge().id())
                    .bind("delivery", d.deliveryId()).bind("event", d.event()).bind("ref", d.ref())
                    .bind("at", Times.millis(d.receivedAt())).bind("outcome", d.outcome().name())
                    .bind("detail", d.detail()).bind("before", d.before()).bind("after", d.after())
                    .bind("login", d.login()).mapTo(Long.class).findOne();
            if (inserted.isPresent()) {
                // keeps the newest of the delivery's kind (refused or not): those at or above the keep-th newest id
                // (NULL: fewer kept); refused ones are counted apart, so unsigned posts never push real ones out
                boolean refused = d.outcome() == HookOutcome.REFUSED;
                String kind = refused ? "outcome = 'REFUSED'" : "outcome <> 'REFUSED'";
                h.createUpdate("DELETE FROM hook_deliveries WHERE app = :app AND " + kind + " AND id < (SELECT id FROM "
                                + "hook_deliveries WHERE app = :app AND " + kind + " ORDER BY id DESC LIMIT 1 OFFSET :keep)")
                        .bind("app", d.app()).bind("keep", (refused ? REFUSED_KEPT_PER_APP : KEPT_PER_APP) - 1)
                        .execute();
                db.changed(d.app());
            }
            return inserted;
        });
    }

    @Override
    public boolean redelivered(HookDelivery d, HookOutcome from) {
        from.requireMoveTo(d.outcome());
        return db.inTransaction(h -> h.createUpdate("UPDATE hook_deliveries SET outcome = :to, event = :event, "
                        + "ref = :ref, received_at = :at, detail = :detail, before_commit = :before, after_commit = :after, "
                        + "login = :login WHERE app = :app AND forge = :forge "
                        + "AND delivery_id = :delivery AND outcome = :from")
                .bind("to", d.outcome().name()).bind("event", d.event()).bind("ref", d.ref())
                .bind("at", Times.millis(d.receivedAt())).bind("detail", d.detail()).bind("before", d.before())
                .bind("after", d.after()).bind("login", d.login()).bind("app", d.app())
                .bind("forge", d.forge().id()).bind("delivery", d.deliveryId()).bind("from", from.name())
                .execute()) > 0;
    }

    @Override
    public boolean settle(String app, long id, HookOutcome from, HookOutcome to, String detail) {
        from.requireMoveTo(to);
        return db.inTransaction(h -> h.createUpdate("UPDATE hook_deliveries SET outcome = :to, detail = :detail "
                        + "WHERE app = :app AND id = :id AND outcome = :from")
                .bind("to", to.name()).bind("detail", detail).bind("app", app).bind("id", id)
                .bind("from", from.name()).execute()) > 0;
    }

    @Override
    public List<HookDelivery> unsettled() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM hook_deliveries WHERE outcome = :accepted "
                + "ORDER BY app, id").bind("accepted", HookOutcome.ACCEPTED.name()).map(DELIVERY).list());
    }

    @Override
    public List<HookDelivery> list(String app, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM hook_deliveries WHERE app = :app "
                + "ORDER BY id DESC LIMIT :limit").bind("app", app).bind("limit", limit).map(DELIVERY).list());
    }

    @Override
    public Optional<HookDelivery> find(String app, Forge forge, String deliveryId) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM hook_deliveries WHERE app = :app "
                        + "AND forge = :forge AND delivery_id = :delivery").bind("app", app).bind("forge", forge.id())
                .bind("delivery", deliveryId).map(DELIVERY).findOne());
    }
}

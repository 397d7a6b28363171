package dev.slipway.store;

import dev.slipway.target.Target;
import dev.slipway.target.TargetBinding;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetRepository;
import dev.slipway.target.TargetSelector;
import dev.slipway.target.TargetTls;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlTargetRepository implements TargetRepository {
    private static final String COLUMNS = "name, kind, endpoint, insecure, tls_ca, tls_cert, tls_key_sealed, "
            + "created_at, created_by, namespace, kube_context, in_cluster, kubeconfig_sealed";
    private static final String BINDING_COLUMNS = "app, environment, target, label_key, label_value, bound_at, bound_by";
    private static final RowMapper<TargetBinding> BINDING = (rs, ctx) -> new TargetBinding(rs.getString("app"),
            rs.getString("environment"), rs.getString("target") != null
                    ? new TargetSelector.Named(rs.getString("target"))
                    : new TargetSelector.Labelled(rs.getString("label_key"), rs.getString("label_value")),
            Times.instant(rs, "bound_at"), rs.getString("bound_by"));

    private final Database db;

    public SqlTargetRepository(Database database) {
        this.db = database;
    }

    @Override
    public boolean create(Target t) {
        return db.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO targets (" + COLUMNS + ") VALUES (:name, :kind, :endpoint, "
                            + ":insecure, :ca, :cert, :key, :at, :by, :namespace, :context, :inCluster, :kubeconfig) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .bind("name", t.name()).bind("kind", t.kind().text()).bind("endpoint", t.endpoint())
                    .bind("insecure", t.insecure())
                    .bind("ca", t.tls().map(TargetTls::caPem).orElse(null))
                    .bind("cert", t.tls().map(TargetTls::certPem).orElse(null))
                    .bind("key", t.tls().map(TargetTls::sealedKey).orElse(null))
                    .bind("at", Times.millis(t.createdAt())).bind("by", t.createdBy())
                    .bindMap(ClusterColumns.bindings(t.cluster())).execute();
            if (inserted == 0) {
                return false;
            }
            t.labels().forEach((key, value) -> insertLabel(h, t.name(), key, value));
            return true;
        });
    }

    private static void insertLabel(Handle h, String target, String key, String value) {
        h.createUpdate("INSERT INTO target_labels (target, key, value) VALUES (:target, :key, :value) "
                        + "ON CONFLICT (target, key) DO UPDATE SET value = excluded.value")
                .bind("target", target).bind("key", key).bind("value", value).execute();
    }

    @Override
    public Optional<Target> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM targets WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> target(rs, labels(h, name))).findOne());
    }

    @Override
    public List<Target> all() {
        return db.withHandle(h -> {
            Map<String, Map<String, String>> labels = new HashMap<>();
            h.createQuery("SELECT target, key, value FROM target_labels ORDER BY target, key").map((rs, ctx) -> {
                labels.computeIfAbsent(rs.getString("target"), k -> new LinkedHashMap<>())
                        .put(rs.getString("key"), rs.getString("value"));
                return null;
            }).list();
            return h.createQuery("SELECT " + COLUMNS + " FROM targets ORDER BY name")
                    .map((rs, ctx) -> target(rs, labels.getOrDefault(rs.getString("name"), Map.of()))).list();
        });
    }

    private static Map<String, String> labels(Handle h, String target) {
        Map<String, String> labels = new LinkedHashMap<>();
        h.createQuery("SELECT key, value FROM target_labels WHERE target = :target ORDER BY key")
                .bind("target", target).map((rs, ctx) -> labels.put(rs.getString("key"), rs.getString("value"))).list();
        return labels;
    }

    private static Target target(ResultSet rs, Map<String, String> labels) throws SQLException {
        String cert = rs.getString("tls_cert");
        Optional<TargetTls> tls = cert == null ? Optional.empty()
                : Optional.of(new TargetTls(rs.getString("tls_ca"), cert, rs.getString("tls_key_sealed")));
        return new Target(rs.getString("name"), TargetKind.parse(rs.getString("kind")), rs.getString("endpoint"), tls,
                rs.getBoolean("insecure"), labels, Times.instant(rs, "created_at"), rs.getString("created_by"),
                ClusterColumns.cluster(rs));
    }

    @Override
    public boolean remove(String name) {
        return db.inTransaction(h -> {
            h.createUpdate("DELETE FROM target_labels WHERE target = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM targets WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    @Override
    public void putLabel(String target, String key, String value) {
        db.useTransaction(h -> insertLabel(h, target, key, value));
    }

    @Override
    public boolean removeLabel(String target, String key) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM target_labels WHERE target = :target AND key = :key")
                .bind("target", target).bind("key", key).execute() > 0);
    }

    @Override
    public boolean bind(TargetBinding b) {
        String target = b.selector() instanceof TargetSelector.Named n ? n.target() : null;
        TargetSelector.Labelled label = b.selector() instanceof TargetSelector.Labelled l ? l : null;
        return db.inTransaction(h -> h.createUpdate("INSERT INTO target_bindings (selector, " + BINDING_COLUMNS
                        + ") VALUES (:selector, :app, :env, :target, :key, :value, :at, :by) "
                        + "ON CONFLICT (app, environment, selector) DO NOTHING")
                .bind("selector", b.selector().text()).bind("app", b.app()).bind("env", b.environment())
                .bind("target", target).bind("key", label == null ? null : label.key())
                .bind("value", label == null ? null : label.value())
                .bind("at", Times.millis(b.boundAt())).bind("by", b.boundBy()).execute() > 0);
    }

    @Override
    public boolean unbind(String app, String environment, TargetSelector selector) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM target_bindings WHERE app = :app "
                        + "AND environment = :env AND selector = :selector")
                .bind("app", app).bind("env", environment).bind("selector", selector.text()).execute() > 0);
    }

    @Override
    public List<TargetBinding> bindings(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT " + BINDING_COLUMNS + " FROM target_bindings WHERE app = :app "
                        + "AND environment = :env ORDER BY selector")
                .bind("app", app).bind("env", environment).map(BINDING).list());
    }

    @Override
    public List<TargetBinding> allBindings() {
        return db.withHandle(h -> h.createQuery("SELECT " + BINDING_COLUMNS + " FROM target_bindings "
                + "ORDER BY app, environment, selector").map(BINDING).list());
    }
}

package dev.slipway.store;

import dev.slipway.target.Executor;
import dev.slipway.target.ExecutorRepository;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetTls;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlExecutorRepository implements ExecutorRepository {
    private static final String COLUMNS = "name, kind, endpoint, insecure, tls_ca, tls_cert, tls_key_sealed, "
            + "created_at, created_by, namespace, kube_context, in_cluster, kubeconfig_sealed";
    private static final RowMapper<Executor> EXECUTOR = (rs, ctx) -> {
        String cert = rs.getString("tls_cert");
        Optional<TargetTls> tls = cert == null ? Optional.empty()
                : Optional.of(new TargetTls(rs.getString("tls_ca"), cert, rs.getString("tls_key_sealed")));
        return new Executor(rs.getString("name"), TargetKind.parse(rs.getString("kind")), rs.getString("endpoint"), tls,
                rs.getBoolean("insecure"), Times.instant(rs, "created_at"), rs.getString("created_by"),
                ClusterColumns.cluster(rs));
    };

    private final Database db;

    public SqlExecutorRepository(Database database) {
        this.db = database;
    }

    @Override
    public boolean create(Executor e) {
        return db.inTransaction(h -> h.createUpdate("INSERT INTO executors (" + COLUMNS + ") VALUES (:name, :kind, "
                        + ":endpoint, :insecure, :ca, :cert, :key, :at, :by, :namespace, :context, :inCluster, "
                        + ":kubeconfig) ON CONFLICT (name) DO NOTHING")
                .bind("name", e.name()).bind("kind", e.kind().text()).bind("endpoint", e.endpoint()).bind("insecure", e.insecure())
                .bind("ca", e.tls().map(TargetTls::caPem).orElse(null))
                .bind("cert", e.tls().map(TargetTls::certPem).orElse(null))
                .bind("key", e.tls().map(TargetTls::sealedKey).orElse(null))
                .bind("at", Times.millis(e.createdAt())).bind("by", e.createdBy())
                .bindMap(ClusterColumns.bindings(e.cluster())).execute() > 0);
    }

    @Override
    public Optional<Executor> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM executors WHERE name = :name")
                .bind("name", name).map(EXECUTOR).findOne());
    }

    @Override
    public List<Executor> all() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM executors ORDER BY name")
                .map(EXECUTOR).list());
    }

    @Override
    public boolean remove(String name) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM executors WHERE name = :name").bind("name", name)
                .execute() > 0);
    }
}

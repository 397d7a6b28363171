package dev.slipway.boot;

import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Checkpoints;
import dev.slipway.signing.SigningKeys;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlArtifactRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlRunRepository;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1, the store: the database (locked, migrated), the repositories several concepts share, the audit log, and
 * the server's key that signs the audit checkpoints. A concept's own repositories are built in its step.
 */
record StoreWiring(Database db, Clock clock, AuditLog audit, Checkpoints checkpoints, SigningKeys signingKeys,
                   SqlAppRepository apps, SqlRunRepository runs, SqlArtifactRepository artifacts,
                   SqlEnvironmentRepository environments, SqlDeploymentRepository deployments) {
    private static final Logger log = LoggerFactory.getLogger(StoreWiring.class);

    static StoreWiring open(ServerConfig config, Path data, Closer closer) {
        Clock clock = Clock.systemUTC();
        String dbUrl = config.db() != null ? config.db() : Database.sqliteUrl(data);
        if (config.db() == null) {
            Startup.privateDatabaseFiles(Database.sqliteFile(data));
        }
        closer.push(Startup.lockDatabase(dbUrl)); // before migrating or recovering it
        Database db = closer.push(Startup.open(dbUrl));
        log.info("database: {}", db.describe());
        SqlAuditRepository auditEntries = new SqlAuditRepository(db);
        SigningKeys signingKeys = Startup.signingKeys(data);
        return new StoreWiring(db, clock, new AuditLog(auditEntries, clock),
                new Checkpoints(auditEntries, signingKeys, clock), signingKeys,
                new SqlAppRepository(db), new SqlRunRepository(db), new SqlArtifactRepository(db),
                new SqlEnvironmentRepository(db), new SqlDeploymentRepository(db));
    }
}

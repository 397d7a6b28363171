package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.retention.RetentionFacts;
import dev.slipway.retention.RetentionPolicy;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link RetentionFacts} in SQL over the runs, deployments, environments, promotions, artifacts and image tables.
 * Each rule is one SELECT of digests; {@link #needed} runs the same SELECTs narrowed to one digest.
 */
public final class SqlRetentionFacts implements RetentionFacts {
    /** Each rule: a SELECT of one column {@code digest}, and the column to narrow on for a single digest. */
    private record Rule(String select, String column) {}

    private static final List<Rule> RULES = List.of(
            // deployed now, in any environment
            new Rule("SELECT digest FROM deployments WHERE state IN ('QUEUED','DEPLOYING','READY','LIVE','WARM')",
                    "digest"),
            // ever live where it matters: only per-branch environments are ever deleted (torn down), so a fixed
            // environment still has its row
            new Rule("SELECT d.digest FROM deployments d JOIN environments e ON e.app = d.app AND e.name = d.environment "
                    + "WHERE e.branch IS NULL AND d.state IN ('LIVE','WARM','RETIRED')", "d.digest"),
            // commit- tags name every image ever built: they follow their image rather than pin it
            new Rule("SELECT digest FROM image_tags WHERE NOT (owner = 'SERVER' AND tag LIKE 'commit-%')", "digest"),
            new Rule("SELECT artifact AS digest FROM (SELECT app, branch, artifact, ROW_NUMBER() OVER "
                    + "(PARTITION BY app, branch ORDER BY number DESC) AS newest FROM runs WHERE artifact IS NOT NULL) r "
                    + "WHERE r.newest <= :keep", "r.artifact"),
            new Rule("SELECT artifact AS digest FROM runs WHERE artifact IS NOT NULL "
                    + "AND (state IN ('QUEUED','RUNNING') OR created_at >= :cutoff)", "artifact"),
            new Rule("SELECT digest FROM promotions WHERE state IN ('PENDING','APPROVED','DEPLOYING')", "digest"),
            new Rule("SELECT digest FROM artifacts WHERE created_at >= :cutoff", "digest"),
            new Rule("SELECT digest FROM image_manifests WHERE created_at >= :cutoff", "digest"));

    private final Database db;

    public SqlRetentionFacts(Database database) {
        this.db = database;
    }

    @Override
    public Set<Digest> roots(RetentionPolicy policy, Instant now) {
        String union = String.join(" UNION ", RULES.stream().map(Rule::select).toList());
        return db.withHandle(h -> {
            Set<Digest> roots = new HashSet<>();
            bind(h, union, policy, now).mapTo(String.class).forEach(d -> roots.add(Digest.parse(d)));
            return roots;
        });
    }

    @Override
    public boolean needed(Digest digest, RetentionPolicy policy, Instant now) {
        String pattern = "%" + digest + "%"; // a digest holds no LIKE wildcards
        return db.withHandle(h -> {
            for (Rule rule : RULES) {
                if (bind(h, rule.select() + (rule.select().contains(" WHERE ") ? " AND " : " WHERE ")
                        + rule.column() + " = :d", policy, now).bind("d", digest.toString()).mapTo(String.class)
                        .findFirst().isPresent()) {
                    return true;
                }
            }
            return h.createQuery("SELECT 1 FROM image_manifests WHERE digest <> :d AND (config = :d "
                            + "OR layers LIKE :pattern OR children LIKE :pattern)")
                    .bind("d", digest.toString()).bind("pattern", pattern).mapTo(Integer.class).findFirst().isPresent();
        }) || subjects(digest).stream().anyMatch(subject -> needed(subject, policy, now))
                || describes(digest).stream().anyMatch(artifact -> needed(artifact, policy, now));
    }

    /** The artifacts an SBOM document is kept with: it is needed as long as one of them is. */
    private List<Digest> describes(Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT artifact FROM sboms WHERE digest = :d AND artifact <> :d")
                .bind("d", digest.toString()).mapTo(String.class).map(Digest::parse).list());
    }

    @Override
    public Map<Digest, Set<Digest>> documents() {
        return db.withHandle(h -> {
            Map<Digest, Set<Digest>> documents = new HashMap<>();
            h.createQuery("SELECT artifact, digest FROM sboms").map((rs, ctx) -> documents.computeIfAbsent(
                    Digest.parse(rs.getString("artifact")), a -> new HashSet<>()).add(Digest.parse(rs.getString("digest"))))
                    .list();
            return documents;
        });
    }

    /** What a manifest refers to (OCI 1.1 subjects): a referrer is needed as long as its subject is. */
    private List<Digest> subjects(Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT subject FROM image_manifests WHERE digest = :d "
                        + "AND subject IS NOT NULL AND subject <> :d")
                .bind("d", digest.toString()).mapTo(String.class).map(Digest::parse).list());
    }

    @Override
    public boolean recorded(Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT 1 FROM image_manifests WHERE digest = :d "
                        + "UNION ALL SELECT 1 FROM image_blob_links WHERE digest = :d")
                .bind("d", digest.toString()).mapTo(Integer.class).findFirst().isPresent());
    }

    @Override
    public List<BlobLink> links() {
        return db.withHandle(h -> h.createQuery("SELECT repository, digest, linked_at FROM image_blob_links "
                        + "ORDER BY repository, digest")
                .map((rs, ctx) -> new BlobLink(rs.getString("repository"), Digest.parse(rs.getString("digest")),
                        Times.instant(rs, "linked_at"))).list());
    }

    @Override
    public Optional<Instant> linkedAt(String repository, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT linked_at FROM image_blob_links WHERE repository = :r AND digest = :d")
                .bind("r", repository).bind("d", digest.toString()).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    @Override
    public Map<Digest, String> artifactApps() {
        return db.withHandle(h -> {
            Map<Digest, String> apps = new HashMap<>();
            h.createQuery("SELECT digest, app FROM artifacts ORDER BY app DESC")
                    .map((rs, ctx) -> apps.put(Digest.parse(rs.getString("digest")), rs.getString("app"))).list();
            return apps;
        });
    }

    /** A query with the policy's parameters bound where the SQL names them. */
    private static Query bind(Handle h, String sql, RetentionPolicy policy, Instant now) {
        Query query = h.createQuery(sql);
        if (sql.contains(":keep")) {
            query.bind("keep", policy.keepPerBranch());
        }
        if (sql.contains(":cutoff")) {
            query.bind("cutoff", Times.millis(policy.cutoff(now)));
        }
        return query;
    }
}

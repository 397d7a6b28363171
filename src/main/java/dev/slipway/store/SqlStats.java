package dev.slipway.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts for /metrics, read from the records at scrape time: nothing to keep in step with the domain code. */
public final class SqlStats {
    private final Database db;

    public SqlStats(Database database) {
        this.db = database;
    }

    public Map<String, Long> runsByState() {
        return countBy("runs", "state");
    }

    public Map<String, Long> deploymentsByState() {
        return countBy("deployments", "state");
    }

    public Map<String, Long> promotionsByState() {
        return countBy("promotions", "state");
    }

    public long count(String table) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private Map<String, Long> countBy(String table, String column) {
        Map<String, Long> counts = new LinkedHashMap<>();
        db.useHandle(h -> h.createQuery("SELECT " + column + " AS k, COUNT(*) AS n FROM " + table + " GROUP BY " + column
                        + " ORDER BY " + column)
                .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }
}

package dev.slipway.bench;

import static dev.slipway.bench.Stats.ms;

import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Verification;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAuditRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Appends N entries (default 10,000) to a fresh audit log through the real SqlAuditRepository, one transaction
 * each as the server does, then times AuditLog.verify() five times and prints the median. SQLite always, in a
 * temp dir; PostgreSQL too with --pg JDBC_URL, in a schema of its own that is dropped afterwards.
 * The target from the issue: verify passes on 10,000 entries in under 2 s.
 */
public final class AuditVerify {
    static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        int entries = 10_000;
        String pg = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pg") && i + 1 < args.length) {
                pg = args[++i];
            } else {
                entries = Integer.parseInt(args[i]);
            }
        }
        System.out.printf("audit-verify on %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Path dir = Files.createTempDirectory("slipway-audit-bench");
        try (Database db = Database.open(Database.sqliteUrl(dir))) {
            measure("SQLite", db, entries);
        } finally {
            Dirs.delete(dir);
        }
        if (pg != null) {
            String schema = "bench_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(pg, "CREATE SCHEMA " + schema);
            try (Database db = Database.open(pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema)) {
                measure("PostgreSQL", db, entries);
            } finally {
                execute(pg, "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static void measure(String name, Database db, int entries) {
        AuditLog log = new AuditLog(new SqlAuditRepository(db), Clock.systemUTC());
        long start = System.nanoTime();
        for (int i = 1; i <= entries; i++) {
            // Entries of a realistic size: a deployment moving state, with a small JSON before and after.
            log.record("alice", "deployment.moved", "app-" + (i % 20), "deployment #" + i,
                    "{\"state\":\"DEPLOYING\",\"digest\":\"sha256:" + "ab".repeat(32) + "\"}",
                    "{\"state\":\"LIVE\",\"digest\":\"sha256:" + "ab".repeat(32) + "\",\"slot\":\"blue\"}");
        }
        double appendMs = ms(start);
        List<Double> times = new ArrayList<>();
        Verification last = null;
        for (int round = 0; round < ROUNDS; round++) {
            start = System.nanoTime();
            last = log.verify();
            times.add(ms(start));
        }
        if (!last.ok()) {
            throw new IllegalStateException(name + ": verify failed on an untouched log: " + last.problem());
        }
        Collections.sort(times);
        System.out.printf("%-10s appended %d entries in %.0f ms (%.0f entries/s, one transaction each)%n",
                name, entries, appendMs, entries * 1000.0 / appendMs);
        System.out.printf("%-10s verify: %d entries ok, median %.0f ms of %d (min %.0f, max %.0f; first includes warm-up)%n",
                name, last.entriesChecked(), times.get(ROUNDS / 2), ROUNDS, times.get(0), times.get(ROUNDS - 1));
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.audit.AuditChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The keyless chain's known limit, closed by a checkpoint kept outside: someone with the database rewrites an old
 * entry and recomputes every later hash and the head. `audit verify` still passes; `audit verify --checkpoint`
 * with the checkpoint printed before does not. The real server process, the real CLI, the real SQLite file.
 */
class AuditCheckpointE2ETest extends OneServerE2E {
    @Test
    void aCheckpointKeptElsewhereCatchesAFullRewriteThatTheChainCannot() throws Exception {
        createApp("ledger");
        tokenFor("ivy", "viewer", "ledger");
        Path key = server.data().resolve("signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        CliRunner.Result made = cli.run("audit", "checkpoint");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.err()).contains("keep it where Slipway cannot write");
        Path kept = Files.writeString(tmp.resolve("checkpoint.json"), made.out());
        tokenFor("jay", "viewer", "ledger"); // the log goes on after the checkpoint
        CliRunner.Result before = cli.run("audit", "verify", "--checkpoint", kept.toString());
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out()).contains("checkpoint ok: the log still passes through entry #");

        rewriteEveryHashFrom(2);
        CliRunner.Result plain = cli.run("audit", "verify");
        assertThat(plain.exit()).as("a full rewrite passes the keyless chain: " + plain.err()).isZero();
        CliRunner.Result against = cli.run("audit", "verify", "--checkpoint", kept.toString());
        assertThat(against.exit()).isEqualTo(1);
        assertThat(against.err()).contains("audit log does NOT pass through the checkpoint of entry #")
                .contains("no longer has the hash the checkpoint kept").contains("rewritten");
    }

    /** Entry {@code from} gets another actor; its hash, every later one and the head are recomputed. */
    private static void rewriteEveryHashFrom(long from) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.data().resolve("slipway.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            c.setAutoCommit(false);
            String prev = null;
            try (PreparedStatement select = c.prepareStatement("SELECT seq, recorded_at, actor, action, app, subject, "
                    + "before_value, after_value, prev_hash FROM audit_entries WHERE seq >= ? ORDER BY seq")) {
                select.setLong(1, from);
                ResultSet rs = select.executeQuery();
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String actor = seq == from ? "mallory" : rs.getString(3);
                    String prevHash = prev == null ? rs.getString(9) : prev;
                    prev = AuditChain.hash(prevHash, seq, Instant.ofEpochMilli(rs.getLong(2)), actor, rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                        update.setString(1, actor);
                        update.setString(2, prevHash);
                        update.setString(3, prev);
                        update.setLong(4, seq);
                        update.executeUpdate();
                    }
                }
            }
            try (PreparedStatement head = c.prepareStatement("UPDATE audit_head SET hash = ?")) {
                head.setString(1, prev);
                head.executeUpdate();
            }
            c.commit();
        }
    }
}

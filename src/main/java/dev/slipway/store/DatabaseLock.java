package dev.slipway.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * One server per database: on PostgreSQL a session advisory lock, held on a connection of its own for the
 * server's life, so two servers with different data directories on one database never both run crash recovery
 * (replicas are not designed yet). The lock is per database and schema: another schema is another Slipway. The
 * holder names itself in its connection's application_name, which the refused server reads to say who it is.
 * SQLite needs none: its file is in the data directory, which has its own lock.
 */
public final class DatabaseLock implements AutoCloseable {
    /** The advisory lock's first key says "Slipway"; the second, which database and schema. */
    private static final int SLIPWAY = 0x534c5057;
    private static final DatabaseLock NONE = new DatabaseLock(null);

    private final Connection connection;

    private DatabaseLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the lock for a server described by {@code holder} (e.g. "pid 12 on host"); throws
     * {@link DatabaseInUseException} naming the server that holds it, or {@link DatabaseUnavailableException}.
     */
    public static DatabaseLock take(String url, String holder) {
        if (!url.startsWith("jdbc:postgresql:")) {
            return NONE;
        }
        Connection c;
        try {
            c = DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to the database " + Database.redact(url) + ": "
                    + e.getMessage() + " (is PostgreSQL running and are the user and password right?)", e);
        }
        try {
            c.setAutoCommit(true);
            c.setClientInfo("ApplicationName", name(holder));
            int key = key(c);
            if (tryLock(c, key)) {
                return new DatabaseLock(c);
            }
            String other = holderOf(c, key);
            c.close();
            throw new DatabaseInUseException("the database " + Database.redact(url) + " is in use by another Slipway "
                    + "server (" + other + "): two servers on one database would both run its crash recovery; stop "
                    + "that server first, or give this one a database (or schema) of its own with --db");
        } catch (SQLException e) {
            closeQuietly(c);
            throw new DatabaseUnavailableException("cannot lock the database " + Database.redact(url) + " for this "
                    + "server: " + e.getMessage(), e);
        }
    }

    /** What the holder's connection calls itself: its pid first, as PostgreSQL keeps only 63 bytes. */
    private static String name(String holder) {
        String name = "slipway server " + holder;
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 63 ? name : new String(bytes, 0, 63, StandardCharsets.UTF_8);
    }

    private static int key(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT current_database(), current_schema()");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            CRC32 crc = new CRC32();
            crc.update((rs.getString(1) + "." + rs.getString(2)).getBytes(StandardCharsets.UTF_8));
            return (int) crc.getValue();
        }
    }

    private static boolean tryLock(Connection c, int key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, SLIPWAY);
            s.setInt(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The holding session, as PostgreSQL shows it: its name (pid and host of the server), address and backend. */
    private static String holderOf(Connection c, int key) throws SQLException {
        // two-key advisory locks show as classid = key 1, objid = key 2, objsubid = 2 (oids: compared unsigned)
        try (PreparedStatement s = c.prepareStatement("SELECT a.application_name, a.client_addr, a.pid "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                + "AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2 "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            s.setLong(1, Integer.toUnsignedLong(SLIPWAY));
            s.setLong(2, Integer.toUnsignedLong(key));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "it stopped just now, or cannot be seen with this user; start again to retry";
                }
                String name = rs.getString(1);
                String from = rs.getString(2);
                return (name == null || name.isBlank() ? "a session without a name" : name)
                        + (from == null ? "" : ", connected from " + from) + ", PostgreSQL backend pid " + rs.getInt(3);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is being given up anyway
        }
    }

    /** Ends the session, which releases the lock. */
    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}

package dev.slipway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Timestamps are stored as epoch milliseconds (BIGINT): the one time type SQLite and PostgreSQL share. */
final class Times {
    private Times() {}

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}

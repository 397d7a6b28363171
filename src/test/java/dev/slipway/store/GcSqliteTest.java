package dev.slipway.store;

class GcSqliteTest extends GcContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class RetentionFactsSqliteTest extends RetentionFactsContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

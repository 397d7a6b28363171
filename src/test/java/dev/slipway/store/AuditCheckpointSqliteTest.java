package dev.slipway.store;

class AuditCheckpointSqliteTest extends AuditCheckpointContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class AuditRepositorySqliteTest extends AuditRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

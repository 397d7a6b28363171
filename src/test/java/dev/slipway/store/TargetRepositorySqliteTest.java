package dev.slipway.store;

class TargetRepositorySqliteTest extends TargetRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

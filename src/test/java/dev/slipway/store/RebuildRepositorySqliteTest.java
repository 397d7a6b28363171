package dev.slipway.store;

class RebuildRepositorySqliteTest extends RebuildRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class ForgeCallRepositorySqliteTest extends ForgeCallRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class RunRepositorySqliteTest extends RunRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

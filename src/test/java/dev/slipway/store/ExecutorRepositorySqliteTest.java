package dev.slipway.store;

class ExecutorRepositorySqliteTest extends ExecutorRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

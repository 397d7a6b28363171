package dev.slipway.store;

class EnvironmentRepositoriesSqliteTest extends EnvironmentRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

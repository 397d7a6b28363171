package dev.slipway.store;

class AuthRepositoriesSqliteTest extends AuthRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class SecretRepositorySqliteTest extends SecretRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

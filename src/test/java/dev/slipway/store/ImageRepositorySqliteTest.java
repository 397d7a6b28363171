package dev.slipway.store;

class ImageRepositorySqliteTest extends ImageRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

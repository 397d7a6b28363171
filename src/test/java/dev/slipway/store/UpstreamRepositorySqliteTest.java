package dev.slipway.store;

class UpstreamRepositorySqliteTest extends UpstreamRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

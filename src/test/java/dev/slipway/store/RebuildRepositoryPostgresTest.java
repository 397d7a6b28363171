package dev.slipway.store;

class RebuildRepositoryPostgresTest extends RebuildRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

package dev.slipway.store;

class ForgeCallRepositoryPostgresTest extends ForgeCallRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

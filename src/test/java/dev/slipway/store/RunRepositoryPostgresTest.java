package dev.slipway.store;

class RunRepositoryPostgresTest extends RunRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

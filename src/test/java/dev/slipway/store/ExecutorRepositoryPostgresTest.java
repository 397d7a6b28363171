package dev.slipway.store;

class ExecutorRepositoryPostgresTest extends ExecutorRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

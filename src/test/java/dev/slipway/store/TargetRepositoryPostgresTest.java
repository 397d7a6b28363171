package dev.slipway.store;

class TargetRepositoryPostgresTest extends TargetRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

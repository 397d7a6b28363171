package dev.slipway.store;

class SecretRepositoryPostgresTest extends SecretRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

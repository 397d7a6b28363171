package dev.slipway.store;

class AuthRepositoriesPostgresTest extends AuthRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

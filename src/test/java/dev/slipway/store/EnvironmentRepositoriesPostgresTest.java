package dev.slipway.store;

class EnvironmentRepositoriesPostgresTest extends EnvironmentRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

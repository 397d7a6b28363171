package dev.slipway.store;

class ForgeReportsPostgresTest extends ForgeReportsContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

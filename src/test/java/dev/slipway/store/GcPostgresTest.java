package dev.slipway.store;

class GcPostgresTest extends GcContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

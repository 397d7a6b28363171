package dev.slipway.store;

class ProvenancePostgresTest extends ProvenanceContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

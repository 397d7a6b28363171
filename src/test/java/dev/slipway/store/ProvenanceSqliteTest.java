package dev.slipway.store;

class ProvenanceSqliteTest extends ProvenanceContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

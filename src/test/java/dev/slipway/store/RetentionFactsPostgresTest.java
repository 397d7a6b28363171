package dev.slipway.store;

class RetentionFactsPostgresTest extends RetentionFactsContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

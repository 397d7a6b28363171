package dev.slipway.store;

class DeliveryFactsSqliteTest extends DeliveryFactsContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

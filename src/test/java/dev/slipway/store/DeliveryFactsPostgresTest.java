package dev.slipway.store;

class DeliveryFactsPostgresTest extends DeliveryFactsContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

package dev.slipway.store;

class PromotionRepositoryPostgresTest extends PromotionRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

package dev.slipway.store;

class PromotionRepositorySqliteTest extends PromotionRepositoryContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

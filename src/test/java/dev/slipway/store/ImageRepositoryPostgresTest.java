package dev.slipway.store;

class ImageRepositoryPostgresTest extends ImageRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

package dev.slipway.store;

class UpstreamRepositoryPostgresTest extends UpstreamRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

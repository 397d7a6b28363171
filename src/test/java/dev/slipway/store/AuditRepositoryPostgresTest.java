package dev.slipway.store;

class AuditRepositoryPostgresTest extends AuditRepositoryContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

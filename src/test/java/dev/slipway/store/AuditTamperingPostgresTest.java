package dev.slipway.store;

class AuditTamperingPostgresTest extends AuditTamperingContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

package dev.slipway.store;

class AuditTamperingSqliteTest extends AuditTamperingContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

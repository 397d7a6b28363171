package dev.slipway.store;

class AuditCheckpointPostgresTest extends AuditCheckpointContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

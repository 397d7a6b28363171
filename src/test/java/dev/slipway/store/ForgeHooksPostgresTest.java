package dev.slipway.store;

class ForgeHooksPostgresTest extends ForgeHooksContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

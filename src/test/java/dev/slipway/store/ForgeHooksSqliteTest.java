package dev.slipway.store;

class ForgeHooksSqliteTest extends ForgeHooksContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

package dev.slipway.store;

class ForgeReportsSqliteTest extends ForgeReportsContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

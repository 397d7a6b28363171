package dev.slipway.store;

class AppAndArtifactRepositoriesSqliteTest extends AppAndArtifactRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.SQLITE;
    }
}

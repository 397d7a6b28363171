package dev.slipway.store;

class AppAndArtifactRepositoriesPostgresTest extends AppAndArtifactRepositoriesContract {
    @Override
    Kind kind() {
        return Kind.POSTGRES;
    }
}

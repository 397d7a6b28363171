package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.NewDeployment;
import dev.slipway.secret.AppSecretId;
import dev.slipway.secret.SecretId;
import dev.slipway.secret.StoredAppSecret;
import dev.slipway.secret.StoredSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every SecretRepository must do, on every database; and deployments keep secret names, never values. */
abstract class SecretRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final SecretId STAGING_KEY = new SecretId("hello", "staging", "API_KEY");
    private SqlSecretRepository secrets;

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        new SqlAppRepository(db).create(new App("other", T0), () -> { });
        secrets = new SqlSecretRepository(db);
    }

    private static StoredSecret secret(String app, String env, String name, String ciphertext, String by) {
        return new StoredSecret(new SecretId(app, env, name), ciphertext, T0, by);
    }

    @Test
    void appWideSecretsAreTheirOwnAndNeverAnEnvironments() {
        AppSecretId login = new AppSecretId("hello", "REGISTRY_LOGIN");
        assertThat(secrets.findAppWide(login)).isEmpty();
        secrets.putAppWide(new StoredAppSecret(login, "v1:first", T0, "alice"));
        secrets.putAppWide(new StoredAppSecret(login, "v1:second", T0.plusSeconds(5), "bob"));
        secrets.putAppWide(new StoredAppSecret(new AppSecretId("hello", "A_FIRST"), "v1:a", T0, "alice"));
        secrets.putAppWide(new StoredAppSecret(new AppSecretId("other", "REGISTRY_LOGIN"), "v1:o", T0, "alice"));

        StoredAppSecret found = secrets.findAppWide(login).orElseThrow();
        assertThat(found.ciphertext()).isEqualTo("v1:second");
        assertThat(found.updatedBy()).isEqualTo("bob");
        assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(secrets.appWide("hello")).extracting(s -> s.id().name()).containsExactly("A_FIRST", "REGISTRY_LOGIN");
        assertThat(secrets.of("hello")).isEmpty();

        assertThat(secrets.removeAppWide(login)).isTrue();
        assertThat(secrets.removeAppWide(login)).isFalse();
        assertThat(secrets.appWide("hello")).extracting(s -> s.id().name()).containsExactly("A_FIRST");
        assertThat(secrets.findAppWide(new AppSecretId("other", "REGISTRY_LOGIN"))).isPresent();
    }

    @Test
    void putStoresAndFindReadsBack() {
        assertThat(secrets.find(STAGING_KEY)).isEmpty();
        secrets.put(secret("hello", "staging", "API_KEY", "v1:first", "alice"));
        StoredSecret found = secrets.find(STAGING_KEY).orElseThrow();
        assertThat(found.ciphertext()).isEqualTo("v1:first");
        assertThat(found.updatedAt()).isEqualTo(T0);
        assertThat(found.updatedBy()).isEqualTo("alice");
        assertThat(found.id()).isEqualTo(STAGING_KEY);
    }

    @Test
    void putReplacesTheSameSecret() {
        secrets.put(secret("hello", "staging", "API_KEY", "v1:first", "alice"));
        secrets.put(new StoredSecret(STAGING_KEY, "v1:second", T0.plusSeconds(60), "bob"));
        assertThat(secrets.of("hello", "staging")).singleElement().satisfies(s -> {
            assertThat(s.ciphertext()).isEqualTo("v1:second");
            assertThat(s.updatedBy()).isEqualTo("bob");
            assertThat(s.updatedAt()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void secretsAreKeptPerAppEnvironmentAndName() {
        secrets.put(secret("hello", "staging", "DB_PASSWORD", "v1:a", "alice"));
        secrets.put(secret("hello", "staging", "API_KEY", "v1:b", "alice"));
        secrets.put(secret("hello", "production", "API_KEY", "v1:c", "alice"));
        secrets.put(secret("other", "staging", "API_KEY", "v1:d", "alice"));

        assertThat(secrets.of("hello", "staging")).extracting(s -> s.id().name()).containsExactly("API_KEY", "DB_PASSWORD");
        assertThat(secrets.of("hello", "production")).extracting(StoredSecret::ciphertext).containsExactly("v1:c");
        assertThat(secrets.of("hello", "dev")).isEmpty();
        assertThat(secrets.of("hello")).extracting(s -> s.id().label())
                .containsExactly("production/API_KEY", "staging/API_KEY", "staging/DB_PASSWORD");
        assertThat(secrets.of("other")).extracting(StoredSecret::ciphertext).containsExactly("v1:d");
    }

    @Test
    void aSecretBelongsToAnExistingApp() {
        assertThatThrownBy(() -> secrets.put(secret("ghost", "staging", "API_KEY", "v1:x", "alice")))
                .isInstanceOf(RuntimeException.class);
        assertThat(secrets.of("ghost")).isEmpty();
    }

    @Test
    void aPutJoinsTheCallersTransaction() {
        assertThatThrownBy(() -> db.run(() -> {
            secrets.put(secret("hello", "staging", "API_KEY", "v1:x", "alice"));
            throw new IllegalStateException("the audit entry failed");
        })).hasMessageContaining("audit entry failed");
        assertThat(secrets.find(STAGING_KEY)).isEmpty();
    }

    @Test
    void deploymentsKeepTheDeclaredSecretNames() {
        SqlDeploymentRepository deployments = new SqlDeploymentRepository(db);
        Deployment declared = deployments.create(new NewDeployment("hello", "staging", Digest.ofBytes(new byte[] {1}),
                "c".repeat(40), 1, DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz",
                Duration.ofSeconds(30), Map.of(), List.of("API_KEY", "DB_PASSWORD")), T0));
        Deployment none = deployments.create(new NewDeployment("hello", "staging", Digest.ofBytes(new byte[] {2}),
                "c".repeat(40), 2, DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz",
                Duration.ofSeconds(30), Map.of()), T0));
        assertThat(deployments.find("hello", declared.id()).orElseThrow().launch().secrets())
                .containsExactly("API_KEY", "DB_PASSWORD");
        assertThat(deployments.find("hello", none.id()).orElseThrow().launch().secrets()).isEmpty();
    }
}

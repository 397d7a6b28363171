package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditHead;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.AuditRepository;
import dev.slipway.audit.NewAuditEntry;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.GrantRepository;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.SecretSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The use case with in-memory ports: what is stored, audited and refused — and that no message holds a value. */
class SecretsTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String VALUE = "the-real-value-42";
    static final Principal DORA = new Principal("dora");

    private final Map<String, StoredSecret> rows = new TreeMap<>();
    private final Map<String, StoredAppSecret> appRows = new TreeMap<>();
    private final List<NewAuditEntry> audited = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private final SecretBox box = SecretBoxTest.box(7);
    private final Secrets secrets = new Secrets(new MemoryRepository(), box,
            new SecretPolicy(new Access(new MemoryGrants()), (app, env) -> env.equals("production") || env.equals("vault")),
            new Direct(), new AuditLog(new MemoryAudit(), Clock.fixed(T0, ZoneOffset.UTC)), Clock.fixed(T0, ZoneOffset.UTC));

    private void grant(Role role) {
        grants.add(new Grant("dora", "hello", role, T0));
    }

    @Test
    void aSetValueIsStoredSealedAndComesBackOnlyForTheService() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);
        secrets.set(DORA, "hello", "staging", "DB_PASSWORD", "another-value");
        secrets.set(DORA, "hello", "dev", "API_KEY", "dev-value");

        StoredSecret row = rows.get("hello/staging/API_KEY");
        assertThat(row.ciphertext()).doesNotContain(VALUE);
        assertThat(row.updatedBy()).isEqualTo("dora");
        assertThat(row.updatedAt()).isEqualTo(T0);
        assertThat(row.toString()).doesNotContain(row.ciphertext());
        assertThat(secrets.names("hello", "staging")).containsExactly("API_KEY", "DB_PASSWORD");
        assertThat(secrets.valuesFor("hello", "staging"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("API_KEY", VALUE, "DB_PASSWORD", "another-value"));
        assertThat(secrets.valuesFor("hello", "dev")).containsExactlyEntriesOf(Map.of("API_KEY", "dev-value"));
        assertThat(secrets.valuesFor("hello", "production")).isEmpty();
        // the masker covers every environment of the app
        assertThat(secrets.masker("hello").apply(VALUE + " dev-value another-value")).isEqualTo("*** *** ***");
        assertThat(secrets.masker("other").apply(VALUE)).isEqualTo(VALUE);
    }

    @Test
    void settingIsAuditedWithoutTheValue() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE + "-2");

        assertThat(audited).hasSize(2);
        NewAuditEntry first = audited.get(0);
        assertThat(first.actor()).isEqualTo("dora");
        assertThat(first.action()).isEqualTo("secret.set");
        assertThat(first.app()).isEqualTo("hello");
        assertThat(first.subject()).isEqualTo("staging/API_KEY");
        assertThat(first.before()).isNull();
        assertThat(audited.get(1).before()).isEqualTo("set by dora at " + T0);
        assertThat(audited.toString()).doesNotContain(VALUE);
        assertThat(secrets.valuesFor("hello", "staging")).containsEntry("API_KEY", VALUE + "-2");
    }

    @Test
    void aProtectedEnvironmentNeedsAReleaser() {
        grant(Role.DEPLOYER);
        for (String env : List.of("production", "vault")) {
            assertThatThrownBy(() -> secrets.set(DORA, "hello", env, "API_KEY", VALUE))
                    .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN))
                    .hasMessageContaining("protected environment " + env)
                    .hasMessageContaining("needs role releaser")
                    .hasMessageNotContaining(VALUE);
        }
        assertThat(rows).isEmpty();
        assertThat(audited).isEmpty();
        grants.clear();
        grant(Role.RELEASER);
        secrets.set(DORA, "hello", "production", "API_KEY", VALUE);
        assertThat(secrets.names("hello", "production")).containsExactly("API_KEY");
    }

    @Test
    void aDeveloperMaySetNone() {
        grant(Role.DEVELOPER);
        assertThatThrownBy(() -> secrets.set(DORA, "hello", "staging", "API_KEY", VALUE))
                .hasMessageContaining("needs role deployer");
    }

    @Test
    void badNamesAndValuesAreRefusedWithoutQuotingTheValue() {
        grant(Role.ADMIN);
        List<Runnable> refused = List.of(
                () -> secrets.set(DORA, "hello", "staging", "1ABC", VALUE),
                () -> secrets.set(DORA, "hello", "staging", "API-KEY", VALUE),
                () -> secrets.set(DORA, "hello", "staging", "PORT", VALUE),
                () -> secrets.set(DORA, "hello", "staging", "SLIPWAY_URL", VALUE),
                () -> secrets.set(DORA, "hello", "Staging", "API_KEY", VALUE),
                () -> secrets.set(DORA, "hello", "../etc", "API_KEY", VALUE),
                () -> secrets.set(DORA, "hello", "staging", "API_KEY", ""),
                () -> secrets.set(DORA, "hello", "staging", "API_KEY", VALUE + "\0"),
                () -> secrets.set(DORA, "hello", "staging", "API_KEY", VALUE + "x".repeat(Secrets.MAX_VALUE_BYTES)));
        for (Runnable attempt : refused) {
            assertThatThrownBy(attempt::run)
                    .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID))
                    .hasMessageNotContaining(VALUE);
        }
        assertThat(rows).isEmpty();
        assertThat(audited).isEmpty();
        secrets.set(DORA, "hello", "staging", "API_KEY", "x".repeat(Secrets.MAX_VALUE_BYTES));
        assertThat(secrets.valuesFor("hello", "staging").get("API_KEY")).hasSize(Secrets.MAX_VALUE_BYTES);
    }

    @Test
    void anUnreadableValueFailsLoudlyWithoutTheValue() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);
        StoredSecret row = rows.get("hello/staging/API_KEY");
        // the ciphertext of staging moved onto production's row
        rows.put("hello/production/API_KEY", new StoredSecret(new SecretId("hello", "production", "API_KEY"),
                row.ciphertext(), T0, "mallory"));
        assertThatThrownBy(() -> secrets.valuesFor("hello", "production"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("production/API_KEY")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void aValueSealedUnderAnotherKeyIsNamedWhereItIsNeededAndSkippedWhenMasking() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);
        secrets.set(DORA, "hello", "dev", "DEV_KEY", "dev-value");
        SecretId staging = new SecretId("hello", "staging", "API_KEY");
        // as a server with another secret.key sealed it
        rows.put("hello/staging/API_KEY", new StoredSecret(staging, SecretBoxTest.box(9).seal(staging, "elsewhere"), T0, "dora"));

        assertThat(secrets.masker("hello").apply("dev-value and elsewhere")).isEqualTo("*** and elsewhere");
        assertThat(secrets.valuesFor("hello", "dev")).containsExactlyEntriesOf(Map.of("DEV_KEY", "dev-value"));
        assertThatThrownBy(() -> secrets.valuesFor("hello", "staging"))
                .isInstanceOfSatisfying(UnreadableSecretException.class, e -> assertThat(e.secret()).isEqualTo(staging))
                .hasMessageContaining("secret staging/API_KEY of app 'hello' cannot be decrypted")
                .hasMessageContaining("set it again with `slipway secret set hello staging API_KEY`")
                .hasMessageContaining("or restore the secret.key");
    }

    @Test
    void asTheSecretSourceOfServicesAnUndecryptableValueIsTheEnvironmentsUnreadableNamingIt() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);
        SecretSource source = new ServiceSecrets(secrets);
        assertThat(source.valuesFor("hello", "staging")).containsExactlyEntriesOf(Map.of("API_KEY", VALUE));
        assertThat(source.maskerFor("hello").apply("key " + VALUE)).isEqualTo("key ***");

        SecretId staging = new SecretId("hello", "staging", "API_KEY");
        rows.put("hello/staging/API_KEY", new StoredSecret(staging, SecretBoxTest.box(9).seal(staging, "elsewhere"), T0, "dora"));
        assertThatThrownBy(() -> source.valuesFor("hello", "staging"))
                .isInstanceOfSatisfying(SecretSource.Unreadable.class,
                        e -> assertThat(e.getCause()).isInstanceOf(UnreadableSecretException.class))
                .hasMessageContaining("secret staging/API_KEY of app 'hello' cannot be decrypted");
    }

    @Test
    void anAppWideSecretIsSealedAuditedMaskedAndReadOnlyServerSide() {
        grant(Role.RELEASER);
        secrets.setAppWide(DORA, "hello", "REGISTRY_LOGIN", "ci:" + VALUE);

        StoredAppSecret row = appRows.get("hello/REGISTRY_LOGIN");
        assertThat(row.ciphertext()).doesNotContain(VALUE);
        assertThat(secrets.appWide("hello", "REGISTRY_LOGIN")).isEqualTo("ci:" + VALUE);
        assertThat(secrets.appWideNames("hello")).containsExactly("REGISTRY_LOGIN");
        // not any environment's, and no service gets it
        assertThat(secrets.names("hello", "production")).isEmpty();
        assertThat(secrets.valuesFor("hello", "production")).isEmpty();
        assertThat(secrets.masker("hello").apply("login ci:" + VALUE)).isEqualTo("login ***");
        NewAuditEntry entry = audited.get(audited.size() - 1);
        assertThat(entry.action()).isEqualTo("secret.set");
        assertThat(entry.subject()).isEqualTo("(app-wide) REGISTRY_LOGIN");
        assertThat(entry.toString()).doesNotContain(VALUE);
    }

    @Test
    void anAppWideSecretNeedsAReleaserLikeProduction() {
        grant(Role.DEPLOYER);
        secrets.set(DORA, "hello", "staging", "API_KEY", VALUE);

        assertThatThrownBy(() -> secrets.setAppWide(DORA, "hello", "REGISTRY_LOGIN", VALUE))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN))
                .hasMessageContaining("needs role releaser on app 'hello' (has deployer)");
        assertThatThrownBy(() -> secrets.set(DORA, "hello", "production", "API_KEY", VALUE))
                .hasMessageContaining("needs role releaser");
        assertThatThrownBy(() -> secrets.removeAppWide(DORA, "hello", "REGISTRY_LOGIN"))
                .hasMessageContaining("needs role releaser");
        assertThat(appRows).isEmpty();
    }

    @Test
    void aWebhookSecretSetByHandIsLongEnoughNotToBeGuessed() {
        grant(Role.RELEASER);
        assertThatThrownBy(() -> secrets.setAppWide(DORA, "hello", "FORGE_WEBHOOK_SECRET", "hunter2"))
                .isInstanceOf(Problem.class).hasMessageContaining("has 7 characters; a webhook secret needs at least 16")
                .hasMessageNotContaining("hunter2");
        assertThat(appRows).isEmpty();
        secrets.setAppWide(DORA, "hello", "FORGE_WEBHOOK_SECRET", "sixteen-chars-ok");
        assertThat(secrets.appWide("hello", "FORGE_WEBHOOK_SECRET")).isEqualTo("sixteen-chars-ok");
    }

    @Test
    void anAppWideSecretIsRemovedWithAnAuditEntryAndThenSaysHowToSetIt() {
        grant(Role.RELEASER);
        secrets.setAppWide(DORA, "hello", "REGISTRY_LOGIN", VALUE);

        secrets.removeAppWide(DORA, "hello", "REGISTRY_LOGIN");

        assertThat(secrets.appWideNames("hello")).isEmpty();
        assertThat(audited.get(audited.size() - 1).action()).isEqualTo("secret.removed");
        assertThatThrownBy(() -> secrets.appWide("hello", "REGISTRY_LOGIN"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.NOT_FOUND))
                .hasMessage("app-wide secret REGISTRY_LOGIN of app 'hello' is not set: set it with `slipway secret set "
                        + "hello REGISTRY_LOGIN --app-wide` (the value is read from stdin)");
        assertThatThrownBy(() -> secrets.removeAppWide(DORA, "hello", "REGISTRY_LOGIN"))
                .hasMessageContaining("app 'hello' has no app-wide secret REGISTRY_LOGIN");
    }

    @Test
    void anEnvironmentSecretsCiphertextDoesNotOpenAsAnAppWideOne() {
        grant(Role.RELEASER);
        secrets.set(DORA, "hello", "staging", "LOGIN", VALUE);
        StoredSecret environment = rows.get("hello/staging/LOGIN");
        appRows.put("hello/LOGIN", new StoredAppSecret(new AppSecretId("hello", "LOGIN"), environment.ciphertext(), T0, "x"));

        assertThatThrownBy(() -> secrets.appWide("hello", "LOGIN"))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("app-wide secret LOGIN of app 'hello' cannot be decrypted")
                .hasMessageContaining("slipway secret set hello LOGIN --app-wide")
                .hasMessageNotContaining(VALUE);
    }

    private final class MemoryRepository implements SecretRepository {
        private String key(SecretId id) {
            return id.app() + "/" + id.environment() + "/" + id.name();
        }

        @Override
        public void put(StoredSecret secret) {
            rows.put(key(secret.id()), secret);
        }

        @Override
        public Optional<StoredSecret> find(SecretId id) {
            return Optional.ofNullable(rows.get(key(id)));
        }

        @Override
        public List<StoredSecret> of(String app, String environment) {
            return rows.values().stream().filter(s -> s.id().app().equals(app) && s.id().environment().equals(environment))
                    .toList();
        }

        @Override
        public List<StoredSecret> of(String app) {
            return rows.values().stream().filter(s -> s.id().app().equals(app)).toList();
        }

        @Override
        public void putAppWide(StoredAppSecret secret) {
            appRows.put(secret.id().app() + "/" + secret.id().name(), secret);
        }

        @Override
        public Optional<StoredAppSecret> findAppWide(AppSecretId id) {
            return Optional.ofNullable(appRows.get(id.app() + "/" + id.name()));
        }

        @Override
        public List<StoredAppSecret> appWide(String app) {
            return appRows.values().stream().filter(s -> s.id().app().equals(app)).toList();
        }

        @Override
        public boolean removeAppWide(AppSecretId id) {
            return appRows.remove(id.app() + "/" + id.name()) != null;
        }
    }

    private final class MemoryGrants implements GrantRepository {
        @Override
        public void put(Grant grant) {
            grants.add(grant);
        }

        @Override
        public List<Grant> of(String user) {
            return grants.stream().filter(g -> g.user().equals(user)).toList();
        }

        @Override
        public List<Grant> all() {
            return List.copyOf(grants);
        }
    }

    private final class MemoryAudit implements AuditRepository {
        @Override
        public void append(NewAuditEntry entry) {
            audited.add(entry);
        }

        @Override
        public List<AuditEntry> list(String app, long beforeSeq, int limit) {
            return List.of();
        }

        @Override
        public List<AuditEntry> after(long seq, int limit) {
            return List.of();
        }

        @Override
        public Optional<AuditHead> forEachInOrder(Consumer<AuditEntry> visitor) {
            return Optional.empty();
        }
    }

    private static final class Direct implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    }
}

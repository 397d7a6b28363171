package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.auth.Grant;
import dev.slipway.auth.Role;
import dev.slipway.auth.StoredToken;
import dev.slipway.auth.TokenInfo;
import dev.slipway.auth.User;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every UserRepository, TokenRepository and GrantRepository must do, on every database. */
abstract class AuthRepositoriesContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final String HASH = "ab".repeat(32);
    private SqlUserRepository users;
    private SqlTokenRepository tokens;
    private SqlGrantRepository grants;
    private SqlProtectionRepository protections;

    @BeforeEach
    void setUp() {
        users = new SqlUserRepository(db);
        tokens = new SqlTokenRepository(db);
        grants = new SqlGrantRepository(db);
        protections = new SqlProtectionRepository(db);
    }

    @Test
    void protectionsAreKeptPerEnvironmentAndReplaced() {
        new SqlAppRepository(db).create(new dev.slipway.app.App("hello", T0), () -> { });
        assertThat(protections.find("hello", "staging")).isEmpty();
        protections.put(new dev.slipway.auth.Protection("hello", "staging", true, "root", T0));
        protections.put(new dev.slipway.auth.Protection("hello", "production", false, "root", T0));
        protections.put(new dev.slipway.auth.Protection("hello", "staging", false, "ann", T0.plusSeconds(1)));
        assertThat(protections.find("hello", "staging")).contains(
                new dev.slipway.auth.Protection("hello", "staging", false, "ann", T0.plusSeconds(1)));
        assertThat(protections.of("hello")).extracting(dev.slipway.auth.Protection::environment)
                .containsExactly("production", "staging");
        assertThat(protections.of("other")).isEmpty();
        assertThatThrownBy(() -> protections.put(new dev.slipway.auth.Protection("nope", "staging", true, "root", T0)))
                .as("only for an app that exists").isInstanceOf(RuntimeException.class);
    }

    @Test
    void usersAreCreatedListedByNameAndUnique() {
        users.create(new User("bob", T0));
        users.create(new User("alice", T0.plusSeconds(1)));
        assertThat(users.list()).extracting(User::name).containsExactly("alice", "bob");
        assertThat(users.find("bob")).contains(new User("bob", T0));
        assertThat(users.find("carol")).isEmpty();
        assertThatThrownBy(() -> users.create(new User("bob", T0))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void tokensKeepTheirHashAndTimesAndListPerUser() {
        users.create(new User("alice", T0));
        users.create(new User("bob", T0));
        TokenInfo never = new TokenInfo("000000000001", "alice", T0, null, null);
        TokenInfo expiring = new TokenInfo("000000000002", "bob", T0.plusSeconds(1), T0.plusSeconds(60), null);
        tokens.create(never, HASH);
        tokens.create(expiring, "cd".repeat(32));
        assertThat(tokens.find("000000000001")).contains(new StoredToken(never, HASH));
        assertThat(tokens.find("000000000002").orElseThrow().info()).isEqualTo(expiring);
        assertThat(tokens.find("ffffffffffff")).isEmpty();
        assertThat(tokens.list(null)).containsExactly(never, expiring);
        assertThat(tokens.list("bob")).containsExactly(expiring);
        assertThat(tokens.list("nobody")).isEmpty();
    }

    @Test
    void aTokenBelongsToAnExistingUser() {
        assertThatThrownBy(() -> tokens.create(new TokenInfo("000000000001", "ghost", T0, null, null), HASH))
                .isInstanceOf(RuntimeException.class);
        assertThat(tokens.list(null)).isEmpty();
    }

    @Test
    void revokeIsACompareAndSet() {
        users.create(new User("alice", T0));
        tokens.create(new TokenInfo("000000000001", "alice", T0, null, null), HASH);
        assertThat(tokens.revoke("000000000001", T0.plusSeconds(5))).isTrue();
        assertThat(tokens.revoke("000000000001", T0.plusSeconds(9))).isFalse();
        assertThat(tokens.revoke("ffffffffffff", T0)).isFalse();
        assertThat(tokens.find("000000000001").orElseThrow().info().revokedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void putKeepsOneRolePerUserAndApp() {
        users.create(new User("alice", T0));
        users.create(new User("bob", T0));
        grants.put(new Grant("bob", "hello", Role.DEVELOPER, T0));
        grants.put(new Grant("bob", "*", Role.VIEWER, T0));
        grants.put(new Grant("alice", "hello", Role.ADMIN, T0));
        grants.put(new Grant("bob", "hello", Role.RELEASER, T0.plusSeconds(1)));
        assertThat(grants.of("bob")).containsExactly(
                new Grant("bob", "*", Role.VIEWER, T0), new Grant("bob", "hello", Role.RELEASER, T0.plusSeconds(1)));
        assertThat(grants.all()).extracting(Grant::user, Grant::app).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", "hello"), org.assertj.core.groups.Tuple.tuple("bob", "*"),
                org.assertj.core.groups.Tuple.tuple("bob", "hello"));
        assertThat(grants.of("carol")).isEmpty();
    }

    @Test
    void aGrantBelongsToAnExistingUserAndAKnownRole() {
        assertThatThrownBy(() -> grants.put(new Grant("ghost", "*", Role.ADMIN, T0))).isInstanceOf(RuntimeException.class);
        users.create(new User("alice", T0));
        assertThatThrownBy(() -> db.useHandle(h -> h.execute(
                "INSERT INTO grants (user_name, app, role, created_at) VALUES ('alice', '*', 'ROOT', 0)")))
                .isInstanceOf(RuntimeException.class);
        assertThat(grants.all()).isEmpty();
    }

    @Test
    void writesJoinTheCallersTransaction() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            users.create(new User("alice", T0));
            tokens.create(new TokenInfo("000000000001", "alice", T0, null, null), HASH);
            grants.put(new Grant("alice", "*", Role.ADMIN, T0));
            throw new IllegalStateException("audit append failed");
        })).hasMessage("audit append failed");
        assertThat(users.list()).isEmpty();
        assertThat(tokens.list(null)).isEmpty();
        assertThat(grants.all()).isEmpty();
    }
}

package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.NewAuditEntry;
import dev.slipway.auth.Access;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Grant;
import dev.slipway.auth.IssuedToken;
import dev.slipway.auth.Principal;
import dev.slipway.auth.RequestedExpiry;
import dev.slipway.auth.Role;
import dev.slipway.auth.TokenInfo;
import dev.slipway.auth.TokenLifetimes;
import dev.slipway.auth.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account use cases over the real SQL repositories (SQLite), each change with its audit entry. */
class AuthAccountsTest extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final Authenticator.SignedIn ADMIN = new Authenticator.SignedIn(new Principal("admin"), null);

    /** Stands in for the real audit store (written elsewhere); {@code failing} simulates an append that fails. */
    private final List<NewAuditEntry> audit = new ArrayList<>();
    private boolean failing;
    private SqlUserRepository users;
    private SqlTokenRepository tokens;
    private SqlGrantRepository grants;
    private Accounts accounts;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeEach
    void setUp() {
        users = new SqlUserRepository(db);
        tokens = new SqlTokenRepository(db);
        grants = new SqlGrantRepository(db);
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        AuditLog log = new AuditLog(new CollectingAuditRepository(entry -> {
            if (failing) {
                throw new IllegalStateException("audit store is down");
            }
            audit.add(entry);
        }), CLOCK);
        users.create(new User("admin", T0)); // the actor of these tests: an admin may issue any lifetime
        grants.put(new Grant("admin", Grant.EVERY_APP, Role.ADMIN, T0));
        accounts = new Accounts(users, tokens, grants, new SqlAppRepository(db), db, log, CLOCK,
                new TokenLifetimes(TokenLifetimes.DEFAULT_MAX, new Access(grants), tokens));
    }

    private record State(List<User> users, List<TokenInfo> tokens, List<Grant> grants, List<NewAuditEntry> audit) {}

    private State state() {
        return new State(users.list(), tokens.list(null), grants.all(), List.copyOf(audit));
    }

    /** Runs a call that must be refused with {@code kind}, and checks that it changed nothing. */
    private Problem refused(Problem.Kind kind, ThrowingCallable call) {
        State before = state();
        Problem problem = catchThrowableOfType(Problem.class, call);
        assertThat(problem).isNotNull();
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(state()).isEqualTo(before);
        return problem;
    }

    @Test
    void createsAUserAndRecordsIt() {
        User bob = accounts.createUser("admin", "bob");
        assertThat(bob).isEqualTo(new User("bob", T0));
        assertThat(accounts.users()).extracting(User::name).containsExactly("admin", "bob");
        assertThat(audit).containsExactly(new NewAuditEntry(T0, "admin", "user.created", null, "user bob", null, "bob"));
    }

    @Test
    void refusesBadAndDuplicateUserNames() {
        accounts.createUser("admin", "bob");
        assertThat(refused(Problem.Kind.CONFLICT, () -> accounts.createUser("admin", "bob")).getMessage())
                .startsWith("user 'bob' already exists");
        for (String bad : new String[] {"", "Bob", "1bob", "bob smith", "b/ob", "x".repeat(40), null}) {
            refused(Problem.Kind.INVALID, () -> accounts.createUser("admin", bad));
        }
        accounts.createUser("admin", "a_b-9" + "x".repeat(34));
    }

    @Test
    void anAuditFailureUndoesTheChange() {
        failing = true;
        assertThatThrownBy(() -> accounts.createUser("admin", "bob")).hasMessage("audit store is down");
        assertThat(users.list()).extracting(User::name).containsExactly("admin");
        failing = false;
        accounts.createUser("admin", "bob");
        failing = true;
        assertThatThrownBy(() -> accounts.grant("admin", "bob", Role.ADMIN, "*")).hasMessage("audit store is down");
        assertThatThrownBy(() -> accounts.createToken(ADMIN, "bob", RequestedExpiry.never())).hasMessage("audit store is down");
        assertThat(grants.all()).extracting(Grant::user).containsExactly("admin");
        assertThat(tokens.list(null)).isEmpty();
    }

    @Test
    void anIssuedTokenAuthenticatesItsUserAndIsStoredOnlyAsAHash() {
        accounts.createUser("admin", "bob");
        IssuedToken issued = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        assertThat(issued.info()).isEqualTo(new TokenInfo(issued.info().id(), "bob", T0, null, null));
        assertThat(issued.token()).startsWith("slw_" + issued.info().id() + ".");
        assertThat(issued.toString()).doesNotContain(issued.token());
        assertThat(accounts.tokens("bob")).containsExactly(issued.info());
        String hash = tokens.find(issued.info().id()).orElseThrow().secretHash();
        assertThat(hash).doesNotContain(issued.token().substring(17));
        Authenticator authenticator = new Authenticator(tokens, CLOCK);
        assertThat(authenticator.authenticate("Bearer " + issued.token())).isEqualTo(new Principal("bob"));
        assertThat(audit).last().isEqualTo(new NewAuditEntry(T0, "admin", "token.created", null,
                "token " + issued.info().id(), null, "user bob, never expires"));
        assertNoAuditEntryContains(issued.token().substring(17), hash);
    }

    @Test
    void aTokenExpiresWhenAsked() {
        accounts.createUser("admin", "bob");
        IssuedToken issued = accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(30)));
        Instant expiry = T0.plus(Duration.ofDays(30));
        assertThat(issued.info().expiresAt()).isEqualTo(expiry);
        assertThat(tokens.find(issued.info().id()).orElseThrow().info().expiresAt()).isEqualTo(expiry);
        assertThat(audit).last().extracting(NewAuditEntry::after).isEqualTo("user bob, expires " + expiry);
        Clock justBefore = Clock.fixed(expiry.minusMillis(1), ZoneOffset.UTC);
        assertThat(new Authenticator(tokens, justBefore).authenticate("Bearer " + issued.token()).user()).isEqualTo("bob");
        Clock atExpiry = Clock.fixed(expiry, ZoneOffset.UTC);
        assertThatThrownBy(() -> new Authenticator(tokens, atExpiry).authenticate("Bearer " + issued.token()))
                .hasMessageContaining("expired");
    }

    @Test
    void refusesTokensForUnknownUsersAndSenselessExpiries() {
        accounts.createUser("admin", "bob");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> accounts.createToken(ADMIN, "ghost", RequestedExpiry.never()))
                .getMessage()).isEqualTo("user 'ghost' does not exist: create it with `slipway user create ghost`");
        refused(Problem.Kind.INVALID, () -> accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ZERO)));
        refused(Problem.Kind.INVALID, () -> accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(-1))));
        refused(Problem.Kind.INVALID, () -> accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(99_999))));
        refused(Problem.Kind.NOT_FOUND, () -> accounts.tokens("ghost"));
        refused(Problem.Kind.NOT_FOUND, () -> accounts.grantsOf("ghost"));
    }

    @Test
    void revokingATokenStopsItOnceAndIsRecorded() {
        accounts.createUser("admin", "bob");
        IssuedToken issued = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        String id = issued.info().id();
        TokenInfo revoked = accounts.revokeToken("admin", id);
        assertThat(revoked.revokedAt()).isEqualTo(T0);
        assertThat(accounts.tokens(null)).containsExactly(revoked);
        assertThat(audit).last().isEqualTo(
                new NewAuditEntry(T0, "admin", "token.revoked", null, "token " + id, "active", "revoked"));
        assertThatThrownBy(() -> new Authenticator(tokens, CLOCK).authenticate("Bearer " + issued.token()))
                .hasMessageContaining("revoked");
        refused(Problem.Kind.CONFLICT, () -> accounts.revokeToken("admin", id));
        refused(Problem.Kind.NOT_FOUND, () -> accounts.revokeToken("admin", "0123456789ab"));
    }

    @Test
    void aTokenSomeoneCreatesForThemselvesExpiresNoLaterThanTheirsNorTheServersMaximum() {
        accounts.createUser("admin", "bob");
        IssuedToken day = accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(1)));
        Authenticator.SignedIn bob = new Authenticator.SignedIn(new Principal("bob"), day.info().id());
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        assertThat(accounts.createToken(bob, "bob", RequestedExpiry.longestAllowed()).info().expiresAt()).isEqualTo(tomorrow);
        assertThat(accounts.createToken(bob, "bob", RequestedExpiry.after(Duration.ofDays(1))).info().expiresAt())
                .isEqualTo(tomorrow);
        assertThat(refused(Problem.Kind.INVALID, () -> accounts.createToken(bob, "bob",
                RequestedExpiry.after(Duration.ofDays(1).plusMillis(1)))).getMessage()).isEqualTo("a token you create may "
                + "expire at " + tomorrow + " at the latest (the token you are using, " + day.info().id() + ", expires "
                + "then), so it cannot be one that expires in 86400001ms: ask for less, or leave out --expires "
                + "(\"expires\") for the longest allowed; only an admin can issue a longer-lived token");
        assertThat(refused(Problem.Kind.INVALID, () -> accounts.createToken(bob, "bob", RequestedExpiry.never()))
                .getMessage()).contains("cannot be one that never expires");

        IssuedToken forever = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        Authenticator.SignedIn bobForever = new Authenticator.SignedIn(new Principal("bob"), forever.info().id());
        Instant max = T0.plus(TokenLifetimes.DEFAULT_MAX);
        assertThat(accounts.createToken(bobForever, "bob", RequestedExpiry.longestAllowed()).info().expiresAt())
                .isEqualTo(max);
        assertThat(refused(Problem.Kind.INVALID, () -> accounts.createToken(bobForever, "bob",
                RequestedExpiry.after(Duration.ofDays(91)))).getMessage()).contains("may expire at " + max
                + " at the latest (the server's maximum token lifetime is 90d, set by `slipway server "
                + "--max-token-lifetime`), so it cannot be one that expires in 91d");
        assertThat(accounts.createToken(ADMIN, "bob", RequestedExpiry.longestAllowed()).info().expiresAt())
                .as("an admin asking for nothing gets the maximum too").isEqualTo(max);
        assertThat(accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(400))).info().expiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(400)));
    }

    @Test
    void revokingAllOfAUsersTokensRevokesEachOnceAndRecordsEach() {
        accounts.createUser("admin", "bob");
        accounts.createUser("admin", "carl");
        IssuedToken first = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        IssuedToken second = accounts.createToken(ADMIN, "bob", RequestedExpiry.after(Duration.ofDays(1)));
        IssuedToken gone = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        accounts.revokeToken("admin", gone.info().id());
        IssuedToken carls = accounts.createToken(ADMIN, "carl", RequestedExpiry.never());
        audit.clear();

        List<TokenInfo> revoked = accounts.revokeAllTokens("bob", "bob");
        assertThat(revoked).extracting(TokenInfo::id).containsExactlyInAnyOrder(first.info().id(), second.info().id());
        assertThat(revoked).allSatisfy(t -> assertThat(t.revokedAt()).isEqualTo(T0));
        assertThat(tokens.list("bob")).allSatisfy(t -> assertThat(t.revokedAt()).isNotNull());
        assertThat(tokens.list("carl")).extracting(TokenInfo::revokedAt).containsOnlyNulls();
        assertThat(audit).containsExactlyInAnyOrder(
                new NewAuditEntry(T0, "bob", "token.revoked", null, "token " + first.info().id(), "active",
                        "revoked (all of bob's tokens)"),
                new NewAuditEntry(T0, "bob", "token.revoked", null, "token " + second.info().id(), "active",
                        "revoked (all of bob's tokens)"));
        Authenticator authenticator = new Authenticator(tokens, CLOCK);
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + second.token())).hasMessageContaining("revoked");
        assertThat(authenticator.authenticate("Bearer " + carls.token()).user()).isEqualTo("carl");

        assertThat(accounts.revokeAllTokens("admin", "bob")).as("nothing left").isEmpty();
        refused(Problem.Kind.NOT_FOUND, () -> accounts.revokeAllTokens("admin", "ghost"));
        failing = true;
        assertThatThrownBy(() -> accounts.revokeAllTokens("admin", "carl")).hasMessage("audit store is down");
        assertThat(tokens.list("carl")).extracting(TokenInfo::revokedAt).as("all or nothing").containsOnlyNulls();
    }

    @Test
    void revokingByTheWholeTokenIsRefusedWithoutRepeatingIt() {
        accounts.createUser("admin", "bob");
        IssuedToken issued = accounts.createToken(ADMIN, "bob", RequestedExpiry.never());
        Problem problem = refused(Problem.Kind.INVALID, () -> accounts.revokeToken("admin", issued.token()));
        assertThat(problem.getMessage()).doesNotContain(issued.token().substring(17)).contains("not the token itself");
        refused(Problem.Kind.INVALID, () -> accounts.revokeToken("admin", null));
    }

    @Test
    void grantsReplaceTheRoleOnAnAppAndRecordBeforeAndAfter() {
        accounts.createUser("admin", "bob");
        Grant developer = accounts.grant("admin", "bob", Role.DEVELOPER, "hello");
        assertThat(developer).isEqualTo(new Grant("bob", "hello", Role.DEVELOPER, T0));
        accounts.grant("admin", "bob", Role.RELEASER, "hello");
        accounts.grant("admin", "bob", Role.VIEWER, "*");
        assertThat(accounts.grantsOf("bob")).extracting(Grant::app, Grant::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("*", Role.VIEWER),
                org.assertj.core.groups.Tuple.tuple("hello", Role.RELEASER));
        assertThat(audit).filteredOn(e -> e.action().equals("grant.changed"))
                .extracting(NewAuditEntry::app, NewAuditEntry::subject, NewAuditEntry::before, NewAuditEntry::after)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hello", "user bob", null, "developer"),
                        org.assertj.core.groups.Tuple.tuple("hello", "user bob", "developer", "releaser"),
                        org.assertj.core.groups.Tuple.tuple(null, "user bob on every app (*)", null, "viewer"));
    }

    @Test
    void grantingTheSameRoleAgainChangesNothing() {
        accounts.createUser("admin", "bob");
        Grant first = accounts.grant("admin", "bob", Role.DEVELOPER, "hello");
        State before = state();
        assertThat(accounts.grant("admin", "bob", Role.DEVELOPER, "hello")).isEqualTo(first);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void refusesGrantsForUnknownUsersAppsAndRoles() {
        accounts.createUser("admin", "bob");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> accounts.grant("admin", "ghost", Role.VIEWER, "hello"))
                .getMessage()).isEqualTo("user 'ghost' does not exist: create it with `slipway user create ghost`");
        assertThat(refused(Problem.Kind.NOT_FOUND, () -> accounts.grant("admin", "bob", Role.VIEWER, "nope"))
                .getMessage()).startsWith("app 'nope' does not exist: create it with `slipway app create nope`");
        refused(Problem.Kind.INVALID, () -> accounts.grant("admin", "bob", Role.parse("root"), "hello"));
        refused(Problem.Kind.INVALID, () -> accounts.grant("admin", "bob", null, "hello"));
        refused(Problem.Kind.INVALID, () -> accounts.grant("admin", "bob", Role.VIEWER, null));
        refused(Problem.Kind.INVALID, () -> accounts.grant("admin", null, Role.VIEWER, "hello"));
    }

    private void assertNoAuditEntryContains(String... secrets) {
        for (NewAuditEntry entry : audit) {
            Stream.of(entry.actor(), entry.action(), entry.app(), entry.subject(), entry.before(), entry.after())
                    .filter(java.util.Objects::nonNull)
                    .forEach(field -> assertThat(field).doesNotContain(secrets));
        }
    }
}

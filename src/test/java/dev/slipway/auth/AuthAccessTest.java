package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthAccessTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Principal BOB = new Principal("bob");

    private final List<Grant> stored = new ArrayList<>();
    private final Access access = new Access(new GrantRepository() {
        @Override
        public void put(Grant grant) {
            stored.removeIf(g -> g.user().equals(grant.user()) && g.app().equals(grant.app()));
            stored.add(grant);
        }

        @Override
        public List<Grant> of(String user) {
            return stored.stream().filter(g -> g.user().equals(user)).toList();
        }

        @Override
        public List<Grant> all() {
            return List.copyOf(stored);
        }
    });

    private void grant(String user, String app, Role role) {
        stored.add(new Grant(user, app, role, T0));
    }

    @Test
    void aGrantOnOneAppCountsOnlyThere() {
        grant("bob", "hello", Role.DEVELOPER);
        assertThat(access.roleOf("bob", "hello")).isEqualTo(Role.DEVELOPER);
        assertThat(access.roleOf("bob", "other")).isNull();
        assertThat(access.roleOf("bob", null)).isNull();
        assertThat(access.roleOf("alice", "hello")).isNull();
        assertThat(access.allows(BOB, Role.VIEWER, "hello")).isTrue();
        assertThat(access.allows(BOB, Role.DEVELOPER, "hello")).isTrue();
        assertThat(access.allows(BOB, Role.DEPLOYER, "hello")).isFalse();
        assertThat(access.allows(BOB, Role.VIEWER, "other")).isFalse();
    }

    @Test
    void anEveryAppGrantCountsEverywhereAndTheHigherRoleWins() {
        grant("bob", "*", Role.DEPLOYER);
        grant("bob", "hello", Role.VIEWER);
        grant("bob", "prod-app", Role.RELEASER);
        assertThat(access.roleOf("bob", "hello")).isEqualTo(Role.DEPLOYER);
        assertThat(access.roleOf("bob", "prod-app")).isEqualTo(Role.RELEASER);
        assertThat(access.roleOf("bob", "anything")).isEqualTo(Role.DEPLOYER);
        assertThat(access.roleOf("bob", null)).isEqualTo(Role.DEPLOYER);
    }

    @Test
    void globalActionsNeedAnEveryAppGrant() {
        grant("bob", "hello", Role.ADMIN);
        assertThat(access.allows(BOB, Role.ADMIN, null)).isFalse();
        assertThatThrownBy(() -> access.require(BOB, Role.ADMIN, null)).hasMessage("user 'bob' needs role admin on "
                + "every app (has none); an admin can run `slipway grant bob admin --app '*'`");
        grant("bob", "*", Role.ADMIN);
        access.require(BOB, Role.ADMIN, null);
        access.require(BOB, Role.RELEASER, "any-app");
    }

    @Test
    void aRefusalNamesTheRoleNeededTheRoleHeldAndTheFix() {
        grant("bob", "hello", Role.DEVELOPER);
        assertThatThrownBy(() -> access.require(BOB, Role.RELEASER, "hello"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORBIDDEN))
                .hasMessage("user 'bob' needs role releaser on app 'hello' (has developer); "
                        + "an admin can run `slipway grant bob releaser --app hello`");
        assertThatThrownBy(() -> access.require(BOB, Role.VIEWER, "other"))
                .hasMessage("user 'bob' needs role viewer on app 'other' (has none); "
                        + "an admin can run `slipway grant bob viewer --app other`");
        access.require(BOB, Role.DEVELOPER, "hello");
    }

    @Test
    void noPrincipalIsUnauthenticatedNotForbidden() {
        grant("bob", "*", Role.ADMIN);
        assertThat(access.allows(null, Role.VIEWER, "hello")).isFalse();
        assertThatThrownBy(() -> access.require(null, Role.VIEWER, "hello"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo(Problem.Kind.UNAUTHENTICATED));
    }

    @Test
    void appsAllowingAnswersAsAllowsDoesForEachApp() {
        grant("bob", "*", Role.VIEWER);
        grant("bob", "hello", Role.DEPLOYER);
        for (Role needed : Role.values()) {
            var allowed = access.appsAllowing(BOB, needed);
            for (String app : List.of("hello", "other")) {
                assertThat(allowed.test(app)).as(needed + " on " + app).isEqualTo(access.allows(BOB, needed, app));
            }
        }
        assertThat(access.appsAllowing(null, Role.VIEWER).test("hello")).isFalse();
    }
}

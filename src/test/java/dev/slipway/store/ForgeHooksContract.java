package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.audit.AuditLog;
import dev.slipway.forge.ForgeLinks;
import dev.slipway.auth.User;
import dev.slipway.forge.Forge;
import dev.slipway.forge.ForgeLogin;
import dev.slipway.forge.HookDelivery;
import dev.slipway.forge.HookDeliveryRepository;
import dev.slipway.forge.HookOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ForgeLoginRepository and HookDeliveryRepository must do, on every database. */
abstract class ForgeHooksContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123Z");
    private SqlForgeLoginRepository logins;
    private SqlHookDeliveryRepository deliveries;

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        new SqlAppRepository(db).create(new App("other", T0), () -> { });
        new SqlUserRepository(db).create(new User("alice", T0));
        new SqlUserRepository(db).create(new User("bob", T0));
        logins = new SqlForgeLoginRepository(db);
        deliveries = new SqlHookDeliveryRepository(db);
    }

    @Test
    void aLoginIsFoundWhateverItsCaseAndBelongsToOneUser() {
        logins.create(new ForgeLogin(Forge.GITHUB, "OctoCat", "alice", T0, "admin"));
        assertThat(logins.find(Forge.GITHUB, "octocat")).get().extracting(ForgeLogin::user, ForgeLogin::login)
                .containsExactly("alice", "OctoCat");
        assertThat(logins.find(Forge.GITLAB, "octocat")).as("another forge's login").isEmpty();
        assertThat(logins.ofUser(Forge.GITHUB, "alice")).get().extracting(ForgeLogin::createdAt).isEqualTo(T0);

        assertThat(logins.create(new ForgeLogin(Forge.GITHUB, "octocat", "bob", T0, "admin")))
                .as("one login, one user").isFalse();
        assertThat(logins.create(new ForgeLogin(Forge.GITHUB, "alice2", "alice", T0, "admin")))
                .as("one login per user and forge").isFalse();
        assertThat(logins.find(Forge.GITHUB, "octocat")).get().extracting(ForgeLogin::user).isEqualTo("alice");
        assertThatThrownBy(() -> logins.create(new ForgeLogin(Forge.GITHUB, "ghost", "nobody", T0, "admin")))
                .as("the user must exist").isInstanceOf(RuntimeException.class);

        logins.create(new ForgeLogin(Forge.GITEA, "alice", "alice", T0, "admin"));
        assertThat(logins.ofUser("alice")).extracting(l -> l.forge().id() + ":" + l.login())
                .containsExactly("gitea:alice", "github:OctoCat");
        assertThat(logins.remove(Forge.GITHUB, "alice")).isTrue();
        assertThat(logins.remove(Forge.GITHUB, "alice")).isFalse();
        assertThat(logins.find(Forge.GITHUB, "OctoCat")).isEmpty();
        logins.create(new ForgeLogin(Forge.GITHUB, "octocat", "bob", T0, "admin"));
        assertThat(logins.find(Forge.GITHUB, "OCTOCAT")).get().extracting(ForgeLogin::user).isEqualTo("bob");
    }

    @Test
    void aBotLoginIsLinkedAsDeliveriesNameIt() {
        ForgeLinks links = new ForgeLinks(logins, new SqlUserRepository(db), db,
                new AuditLog(new SqlAuditRepository(db), Clock.systemUTC()), Clock.systemUTC());
        links.link("admin", "bob", Forge.GITHUB, "release-bot[bot]");
        assertThat(links.pusherFor(Forge.GITHUB, "Release-Bot[bot]")).isEqualTo("bob");
        assertThatThrownBy(() -> links.link("admin", "alice", Forge.GITHUB, "x[bot]y"))
                .isInstanceOf(Problem.class).hasMessageContaining("is not a forge login");
    }

    @Test
    void linkingIsAuditedWithTheChangeAndALoginStaysOneUsers() {
        AuditLog audit = new AuditLog(new SqlAuditRepository(db), Clock.systemUTC());
        ForgeLinks links = new ForgeLinks(logins, new SqlUserRepository(db), db, audit, Clock.systemUTC());
        links.link("admin", "alice", Forge.GITHUB, "alice-gh");
        assertThat(links.link("admin", "alice", Forge.GITHUB, "alice-gh").login()).as("idempotent").isEqualTo("alice-gh");
        links.link("admin", "alice", Forge.GITHUB, "alice-new");
        assertThatThrownBy(() -> links.link("admin", "bob", Forge.GITHUB, "ALICE-NEW"))
                .isInstanceOf(Problem.class).hasMessageContaining("linked to user 'alice' already");
        assertThatThrownBy(() -> links.link("admin", "nobody", Forge.GITHUB, "x"))
                .isInstanceOf(Problem.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> links.link("admin", "bob", Forge.GITHUB, "not a login"))
                .isInstanceOf(Problem.class).hasMessageContaining("is not a forge login");
        assertThat(links.pusherFor(Forge.GITHUB, "Alice-New")).isEqualTo("alice");
        assertThat(links.pusherFor(Forge.GITLAB, "alice-new")).isEqualTo("gitlab:alice-new");
        links.unlink("admin", "alice", Forge.GITHUB);
        assertThat(links.pusherFor(Forge.GITHUB, "alice-new")).isEqualTo("github:alice-new");
        assertThatThrownBy(() -> links.unlink("admin", "alice", Forge.GITHUB)).isInstanceOf(Problem.class);

        assertThat(audit.list(null, 0, 10)).extracting(e -> e.actor() + " " + e.action() + " " + e.subject() + " "
                + e.before() + " -> " + e.after()).containsExactly(
                "admin user.unlinked user alice github:alice-new -> null",
                "admin user.linked user alice github:alice-gh -> github:alice-new",
                "admin user.linked user alice null -> github:alice-gh");
    }

    @Test
    void aDeliveryIsStoredOnceAndAReplayIsKnownByItsKey() {
        Optional<Long> first = deliveries.record(delivery("hello", "d-1", HookOutcome.ACCEPTED, T0));
        assertThat(first).isPresent();
        assertThat(deliveries.record(delivery("hello", "d-1", HookOutcome.ACCEPTED, T0.plusSeconds(1))))
                .as("a replay").isEmpty();
        assertThat(deliveries.record(delivery("other", "d-1", HookOutcome.ACCEPTED, T0))).as("another app's")
                .isPresent();
        HookDelivery gitea = new HookDelivery("hello", 0, Forge.GITEA, "d-1", "push", "refs/heads/main", T0,
                HookOutcome.IGNORED, "x", null, null, null);
        assertThat(deliveries.record(gitea)).as("another forge's").isPresent();

        List<HookDelivery> listed = deliveries.list("hello", 10);
        assertThat(listed).extracting(HookDelivery::forge).containsExactly(Forge.GITEA, Forge.GITHUB);
        HookDelivery stored = listed.get(1);
        assertThat(stored).isEqualTo(new HookDelivery("hello", first.get(), Forge.GITHUB, "d-1", "push",
                "refs/heads/main", T0, HookOutcome.ACCEPTED, "fetching", A, B, "octocat"));
    }

    @Test
    void theDeliveriesNotSettledAreFoundForEveryAppInTheOrderEachReceivedThem() {
        long second = deliveries.record(delivery("other", "o-1", HookOutcome.ACCEPTED, T0)).orElseThrow();
        long settled = deliveries.record(delivery("hello", "d-1", HookOutcome.ACCEPTED, T0)).orElseThrow();
        long firstOfHello = deliveries.record(delivery("hello", "d-2", HookOutcome.ACCEPTED, T0.plusSeconds(1)))
                .orElseThrow();
        long nextOfHello = deliveries.record(delivery("hello", "d-3", HookOutcome.ACCEPTED, T0.plusSeconds(2)))
                .orElseThrow();
        deliveries.record(delivery("hello", "d-4", HookOutcome.REFUSED, T0));
        deliveries.settle("hello", settled, HookOutcome.ACCEPTED, HookOutcome.FETCHED, "run #1 queued");

        assertThat(deliveries.unsettled()).extracting(d -> d.app() + "/" + d.id() + "/" + d.deliveryId())
                .containsExactly("hello/" + firstOfHello + "/d-2", "hello/" + nextOfHello + "/d-3",
                        "other/" + second + "/o-1");
        assertThat(deliveries.unsettled().get(0)).extracting(HookDelivery::before, HookDelivery::after,
                HookDelivery::login).containsExactly(A, B, "octocat");
    }

    @Test
    void outcomesMoveByCompareAndSet() {
        long id = deliveries.record(delivery("hello", "d-1", HookOutcome.ACCEPTED, T0)).orElseThrow();
        assertThat(deliveries.settle("hello", id, HookOutcome.ACCEPTED, HookOutcome.FETCHED, "run #1 started"))
                .isTrue();
        assertThat(deliveries.settle("hello", id, HookOutcome.ACCEPTED, HookOutcome.ERRORED, "late")).isFalse();
        assertThat(deliveries.find("hello", Forge.GITHUB, "d-1")).get()
                .extracting(HookDelivery::outcome, HookDelivery::detail)
                .containsExactly(HookOutcome.FETCHED, "run #1 started");
        assertThatThrownBy(() -> deliveries.settle("hello", id, HookOutcome.FETCHED, HookOutcome.ACCEPTED, "x"))
                .isInstanceOf(IllegalStateException.class);

        deliveries.record(delivery("hello", "d-2", HookOutcome.REFUSED, T0));
        HookDelivery again = delivery("hello", "d-2", HookOutcome.ACCEPTED, T0.plusSeconds(9));
        assertThat(deliveries.redelivered(again, HookOutcome.REFUSED)).as("the secret fixed since").isTrue();
        assertThat(deliveries.redelivered(again, HookOutcome.REFUSED)).as("once only").isFalse();
        assertThat(deliveries.find("hello", Forge.GITHUB, "d-2")).get()
                .extracting(HookDelivery::outcome, HookDelivery::receivedAt)
                .containsExactly(HookOutcome.ACCEPTED, T0.plusSeconds(9));
    }

    @Test
    void onlyTheNewestThousandAreKeptPerApp() {
        deliveries.record(delivery("other", "kept", HookOutcome.IGNORED, T0));
        for (int i = 0; i < HookDeliveryRepository.KEPT_PER_APP + 5; i++) {
            deliveries.record(delivery("hello", "d-" + i, HookOutcome.IGNORED, T0.plusMillis(i)));
        }
        List<HookDelivery> kept = deliveries.list("hello", 5000);
        assertThat(kept).hasSize(HookDeliveryRepository.KEPT_PER_APP);
        assertThat(kept.get(0).deliveryId()).isEqualTo("d-1004");
        assertThat(kept.get(kept.size() - 1).deliveryId()).isEqualTo("d-5");
        assertThat(deliveries.list("other", 10)).hasSize(1);
        assertThat(deliveries.list("hello", 3)).extracting(HookDelivery::deliveryId)
                .containsExactly("d-1004", "d-1003", "d-1002");
    }

    @Test
    void refusedDeliveriesNeverPushRealOnesOut() {
        for (int i = 0; i < 3; i++) {
            deliveries.record(delivery("hello", "real-" + i, HookOutcome.ACCEPTED, T0.plusMillis(i)));
        }
        for (int i = 0; i < HookDeliveryRepository.REFUSED_KEPT_PER_APP + 20; i++) {
            deliveries.record(delivery("hello", "forged-" + i, HookOutcome.REFUSED, T0.plusMillis(10 + i)));
        }
        List<HookDelivery> kept = deliveries.list("hello", 5000);
        assertThat(kept).filteredOn(d -> d.outcome() == HookOutcome.REFUSED)
                .hasSize(HookDeliveryRepository.REFUSED_KEPT_PER_APP)
                .extracting(HookDelivery::deliveryId).doesNotContain("forged-19").contains("forged-20", "forged-119");
        assertThat(kept).filteredOn(d -> d.outcome() != HookOutcome.REFUSED).extracting(HookDelivery::deliveryId)
                .containsExactly("real-2", "real-1", "real-0");
    }

    @Test
    void twoCopiesOfOneDeliveryArrivingAtOnceAreStoredOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "race-" + round;
                Callable<Optional<Long>> insert = () -> deliveries.record(delivery("hello", id, HookOutcome.ACCEPTED,
                        T0));
                List<Future<Optional<Long>>> results = pool.invokeAll(List.of(insert, insert, insert, insert));
                int stored = 0;
                for (Future<Optional<Long>> result : results) {
                    stored += result.get().isPresent() ? 1 : 0;
                }
                assertThat(stored).as(id).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    private static HookDelivery delivery(String app, String deliveryId, HookOutcome outcome, Instant at) {
        return new HookDelivery(app, 0, Forge.GITHUB, deliveryId, "push", "refs/heads/main", at, outcome,
                "fetching", A, B, "octocat");
    }
}

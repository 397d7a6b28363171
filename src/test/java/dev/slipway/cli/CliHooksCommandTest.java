package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code slipway hooks APP} and {@code slipway user link|unlink|links}, against the API's contract answers. */
class CliHooksCommandTest {
    static final String HOOKS = """
            {"app":"hello","deliveries":[
              {"id":3,"delivery_id":"72d3162e-cc78-11e3-81ab-4c9367dc0958","forge":"github","event":"push",
               "ref":"refs/heads/main","received_at":"2026-11-22T02:59:00Z","outcome":"fetched",
               "detail":"run #12 started for main"},
              {"id":2,"delivery_id":"d-2","forge":"github","event":"issues","ref":null,
               "received_at":"2026-11-22T02:00:00Z","outcome":"ignored","detail":"not a push, create or delete event"},
              {"id":1,"delivery_id":"d-1","forge":"github","event":"push","ref":"refs/heads/main",
               "received_at":"2026-11-21T03:00:00Z","outcome":"refused",
               "detail":"x-hub-signature-256 does not match the app's FORGE_WEBHOOK_SECRET"}
            ]}""";

    private CliTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = CliTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void hooksPrintsDeliveriesNewestFirst() {
        server.json("GET", "/api/v1/apps/hello/hooks?limit=20", 200, HOOKS);

        Result result = CliHarness.run(server, "hooks", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                DELIVERY                              FORGE   EVENT   REF              RECEIVED  OUTCOME  DETAIL
                72d3162e-cc78-11e3-81ab-4c9367dc0958  github  push    refs/heads/main  1m        fetched  run #12 started for main
                d-2                                   github  issues  -                1h        ignored  not a push, create or delete event
                d-1                                   github  push    refs/heads/main  1d        refused  x-hub-signature-256 does not match the app's FORGE_WEBHOOK_SECRET
                """);
    }

    @Test
    void hooksJsonAndNothingYet() throws Exception {
        server.json("GET", "/api/v1/apps/hello/hooks?limit=5", 200, HOOKS);
        Result json = CliHarness.run(server, "hooks", "hello", "--limit", "5", "--json");
        assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(new ObjectMapper().readTree(HOOKS));

        server.json("GET", "/api/v1/apps/quiet/hooks?limit=20", 200, "{\"app\":\"quiet\",\"deliveries\":[]}");
        assertThat(CliHarness.run(server, "hooks", "quiet").out()).startsWith("No webhook deliveries for quiet yet");
    }

    @Test
    void linkPutsTheLoginForTheForgeNamed() throws Exception {
        server.json("PUT", "/api/v1/users/carol/links/gitlab", 200,
                "{\"forge\":\"gitlab\",\"login\":\"carol.w\",\"linked_at\":\"2026-11-22T03:00:00Z\",\"linked_by\":\"admin\"}");

        Result result = CliHarness.run(server, "user", "link", "carol", "--gitlab", "carol.w");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Linked gitlab login carol.w to user carol\n");
        assertThat(new ObjectMapper().readTree(server.lastRequest().body()))
                .isEqualTo(new ObjectMapper().readTree("{\"login\":\"carol.w\"}"));
    }

    @Test
    void linkNeedsExactlyOneForge() {
        assertThat(CliHarness.run(server, "user", "link", "carol").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(server, "user", "link", "carol", "--github", "a", "--gitea", "b").exitCode())
                .isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void unlinkAndLinks() {
        server.json("DELETE", "/api/v1/users/carol/links/github", 200,
                "{\"forge\":\"github\",\"login\":\"CarolOnGitHub\",\"linked_at\":\"2026-11-22T02:00:00Z\",\"linked_by\":\"admin\"}");
        Result unlinked = CliHarness.run(server, "user", "unlink", "carol", "--github");
        assertThat(unlinked.out()).isEqualTo("Unlinked github login CarolOnGitHub from user carol\n");

        server.json("GET", "/api/v1/users/carol/links", 200, "{\"user\":\"carol\",\"links\":["
                + "{\"forge\":\"gitea\",\"login\":\"carol\",\"linked_at\":\"2026-11-22T02:00:00Z\",\"linked_by\":\"admin\"}]}");
        assertThat(CliHarness.run(server, "user", "links", "carol").out()).isEqualTo("""
                FORGE  LOGIN  LINKED  BY
                gitea  carol  1h      admin
                """);
    }
}

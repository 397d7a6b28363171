package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.cli.CliHarness.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DORA figures through every surface of a real server over real HTTP: the API, `slipway dora`, the dashboard page
 * and /metrics, over a history written into the server's own SQLite database at instants relative to the start of
 * the test (the server's clock is the real one). T is that start, to the minute; every expected value is worked out
 * in the comments.
 */
class DoraSurfacesTest {
    static final String ADMIN = "slw_dorasurface0.dora-surfaces-admin-token-with-enough-entropy-0123";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String A1 = "a1".repeat(20);
    static final String B2 = "b2".repeat(20);
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    static Path tmp;
    static Slipway slipway;

    @BeforeAll
    static void start() throws Exception {
        slipway = Slipway.start(new ServerConfig(tmp.resolve("data"), "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        for (String app : new String[] {"shop", "quiet"}) {
            HttpResponse<String> created = send("/api/v1/apps", "{\"name\":\"" + app + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data/slipway.db"))) {
            sql(c, "INSERT INTO environments (app, name, spec_name, branch, port, created_at) VALUES "
                    + "('shop', 'staging', 'staging', NULL, 24001, 1), ('shop', 'production', 'production', NULL, 24002, 2), "
                    + "('quiet', 'production', 'production', NULL, 24003, 3)");
            run(c, 1, A1, T.minus(Duration.ofDays(3)).minus(Duration.ofHours(4))); // first seen T-3d-4h
            run(c, 2, B2, T.minus(Duration.ofDays(2)).minus(Duration.ofHours(1))); // first seen T-2d-1h
            // production: #1 a1 live T-3d (replaced by #2), #2 b2 live T-2d (rolled back by #3 at T-1d)
            deployment(c, 1, A1, "PROMOTION", "RETIRED", T.minus(Duration.ofDays(3)), T.minus(Duration.ofDays(2)));
            deployment(c, 2, B2, "PROMOTION", "RETIRED", T.minus(Duration.ofDays(2)), T.minus(Duration.ofDays(1)));
            deployment(c, 3, A1, "ROLLBACK", "LIVE", T.minus(Duration.ofDays(1)), null);
        }
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void theApiGivesTheFiguresPerEnvironmentAndNullWhereThereIsNothingToMeasure() throws Exception {
        HttpResponse<String> response = send("/api/v1/apps/shop/dora?days=7", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("days").asInt()).isEqualTo(7);
        assertThat(body.get("bar").asText()).isEqualTo("day");
        assertThat(body.get("environments")).extracting(e -> e.get("environment").asText())
                .containsExactly("staging", "production");
        JsonNode production = body.get("environments").get(1);
        // went live, not rollbacks: #1, #2 → 2
        assertThat(production.get("deployments").asInt()).isEqualTo(2);
        // leads: #1 4h, #2 1h → sorted [1h, 4h]: median rank 1 → 1h = 3600 s; p90 rank ceil(1.8) = 2 → 4h
        assertThat(production.get("lead_time_median_seconds").asLong()).isEqualTo(3600);
        assertThat(production.get("lead_time_p90_seconds").asLong()).isEqualTo(4 * 3600);
        // #2 rolled back (its replacement #3 is a ROLLBACK): 1 of 2
        assertThat(production.get("change_failure_rate").asDouble()).isEqualTo(0.5);
        // #2 live T-2d → #3 live T-1d: 1 day
        assertThat(production.get("time_to_restore_median_seconds").asLong()).isEqualTo(86_400);
        assertThat(production.get("bars")).hasSize(7);
        JsonNode staging = body.get("environments").get(0);
        assertThat(staging.get("deployments").asInt()).isZero();
        assertThat(staging.get("lead_time_median_seconds").isNull()).isTrue();
        assertThat(staging.get("change_failure_rate").isNull()).isTrue();
        assertThat(staging.get("time_to_restore_median_seconds").isNull()).isTrue();
    }

    @Test
    void onlyTheThreeWindowsAreTaken() throws Exception {
        HttpResponse<String> refused = send("/api/v1/apps/shop/dora?days=14", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("days must be 7, 30 or 90 (got 14)");
        assertThat(send("/api/v1/apps/shop/dora?days=90&env=production", null).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send("/api/v1/apps/shop/dora?env=prod", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no environment 'prod' in app 'shop'");
    }

    @Test
    void theCliPrintsATableAndNaForAnAppWithNoProductionDeployments() throws Exception {
        Map<String, String> env = Map.of("SLIPWAY_SERVER", slipway.url(), "SLIPWAY_TOKEN", ADMIN);
        Result shop = CliHarness.run(env, "dora", "shop", "--days", "7", "--env", "production");
        assertThat(shop.exitCode()).as(shop.err()).isZero();
        assertThat(shop.out()).contains("ENVIRONMENT").contains("production").contains("50% (1 of 2)")
                .contains("1h00m").contains("4h00m").contains("1d00h");
        Result quiet = CliHarness.run(env, "dora", "quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        String row = quiet.out().lines().filter(l -> l.startsWith("production")).findFirst().orElseThrow();
        assertThat(row.split("\\s{2,}")).containsExactly("production", "0", "0.00", "n/a", "n/a", "n/a", "n/a");
        Result json = CliHarness.run(env, "dora", "shop", "--days", "90", "--json");
        assertThat(JSON.readTree(json.out()).get("bar").asText()).isEqualTo("week");
        Result refused = CliHarness.run(env, "dora", "shop", "--days", "5");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("days must be 7, 30 or 90 (got 5)");
    }

    @Test
    void thePageDrawsABarPerDayWithoutAScriptAndIsLinkedFromTheAppsPage() throws Exception {
        HttpResponse<String> page = send("/ui/apps/shop/dora?days=7", null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("<section id=\"dora-production\">").contains("50% (1 of 2)").contains("1h 0m · 4h 0m")
                .contains("<svg class=\"chart\"");
        String production = html.substring(html.indexOf("id=\"dora-production\""));
        // 7 day bars, each a <g> with its title: two days with one deployment each
        assertThat(production.split("<g><title>", -1)).hasSize(8);
        assertThat(production).contains(": 1 live, 0 failed").contains(": 1 live, 1 failed");
        assertThat(html.substring(html.indexOf("<main>"))).doesNotContain("<script");
        assertThat(send("/ui/apps/quiet/dora", null).body()).contains("n/a");
        // (an app whose page reads no commits: the seeded ones are not in its repository)
        assertThat(send("/ui/apps/quiet", null).body()).contains("href=\"/ui/apps/quiet/dora\"");
    }

    @Test
    void metricsCarryTotalsWithoutNames() throws Exception {
        String metrics = send("/metrics", null).body();
        assertThat(metrics).contains("slipway_deployments_live_total 2.0").contains("slipway_rollbacks_total 1.0")
                .contains("slipway_deployment_failures_total 0.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("slipway_"))).noneMatch(l -> l.contains("shop")
                || l.contains("production"));
    }

    private static HttpResponse<String> send(String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json");
        b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sql(Connection c, String sql) throws Exception {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void run(Connection c, long number, String commit, Instant createdAt) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO runs (app, number, branch, commit_sha, tree_id, "
                + "pushed_by, state, created_at) VALUES ('shop', ?, 'main', ?, 't', 'alice', 'SUCCEEDED', ?)")) {
            p.setLong(1, number);
            p.setString(2, commit);
            p.setLong(3, createdAt.toEpochMilli());
            p.execute();
        }
    }

    private static void deployment(Connection c, long id, String commit, String trigger, String state,
                                   Instant finishedAt, Instant retiredAt) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO deployments (app, id, environment, digest, "
                + "commit_sha, run, trigger_kind, actor, command, health, start_timeout_ms, config, state, created_at, "
                + "finished_at, retired_at) VALUES ('shop', ?, 'production', ?, ?, 1, ?, 'alice', 'x', '/', 1000, '{}', "
                + "?, ?, ?, ?)")) {
            p.setLong(1, id);
            p.setString(2, String.format("sha256:%064x", commit.hashCode() & 0xffffffffL));
            p.setString(3, commit);
            p.setString(4, trigger);
            p.setString(5, state);
            p.setLong(6, finishedAt.toEpochMilli() - 60_000);
            p.setLong(7, finishedAt.toEpochMilli());
            if (retiredAt == null) {
                p.setNull(8, java.sql.Types.BIGINT);
            } else {
                p.setLong(8, retiredAt.toEpochMilli());
            }
            p.execute();
        }
    }
}

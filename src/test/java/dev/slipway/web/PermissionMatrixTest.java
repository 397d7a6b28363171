package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Decision;
import dev.slipway.auth.Grant;
import dev.slipway.auth.GrantRepository;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Protection;
import dev.slipway.auth.ProtectionRepository;
import dev.slipway.auth.Role;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route × every kind of caller: anonymous, an expired token, a revoked token, and each role on the app.
 * The table below is the contract; a route registered without an entry here fails {@link #everyRouteIsInTheMatrix}.
 */
class PermissionMatrixTest {
    static final String ADMIN = "slw_matrixadmin0.matrix-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** route → (permission, a concrete request to send: path and JSON body or null). */
    record Row(String permission, String path, String body) {}

    static final Map<String, Row> MATRIX = new LinkedHashMap<>();

    static {
        MATRIX.put("GET /healthz", new Row("anyone", "/healthz", null));
        MATRIX.put("GET /api/v1/openapi.yaml", new Row("anyone", "/api/v1/openapi.yaml", null));
        MATRIX.put("GET /metrics", new Row("anyone", "/metrics", null));
        MATRIX.put("POST /api/v1/apps", new Row("admin@*", "/api/v1/apps", "{\"name\":\"m-%s\"}"));
        MATRIX.put("GET /api/v1/apps", new Row("authenticated", "/api/v1/apps", null));
        MATRIX.put("GET /api/v1/apps/{app}", new Row("viewer@app", "/api/v1/apps/matrix", null));
        MATRIX.put("GET /api/v1/apps/{app}/runs", new Row("viewer@app", "/api/v1/apps/matrix/runs", null));
        MATRIX.put("GET /api/v1/apps/{app}/runs/{run}", new Row("viewer@app", "/api/v1/apps/matrix/runs/1", null));
        MATRIX.put("GET /api/v1/apps/{app}/runs/{run}/log", new Row("viewer@app", "/api/v1/apps/matrix/runs/1/log", null));
        MATRIX.put("POST /api/v1/apps/{app}/runs/{run}/cancel", new Row("developer@app", "/api/v1/apps/matrix/runs/1/cancel", ""));
        MATRIX.put("GET /api/v1/apps/{app}/runs/{run}/sbom", new Row("viewer@app", "/api/v1/apps/matrix/runs/1/sbom", null));
        MATRIX.put("GET /api/v1/apps/{app}/status", new Row("viewer@app", "/api/v1/apps/matrix/status", null));
        MATRIX.put("GET /api/v1/apps/{app}/images", new Row("viewer@app", "/api/v1/apps/matrix/images", null));
        MATRIX.put("GET /api/v1/apps/{app}/reports", new Row("viewer@app", "/api/v1/apps/matrix/reports", null));
        MATRIX.put("GET /api/v1/apps/{app}/environments/{env}/deployments",
                new Row("viewer@app", "/api/v1/apps/matrix/environments/staging/deployments", null));
        MATRIX.put("GET /api/v1/apps/{app}/environments/{env}/deployments/{id}/log",
                new Row("viewer@app", "/api/v1/apps/matrix/environments/staging/deployments/1/log", null));
        MATRIX.put("GET /api/v1/apps/{app}/environments/{env}/log",
                new Row("viewer@app", "/api/v1/apps/matrix/environments/staging/log?tail=5", null));
        MATRIX.put("PUT /api/v1/apps/{app}/environments/{env}/secrets/{name}",
                new Row("deployer@app", "/api/v1/apps/matrix/environments/staging/secrets/MATRIX_KEY", "{\"value\":\"m-%s\"}"));
        MATRIX.put("PUT /api/v1/apps/{app}/environments/{env}/protection",
                new Row("admin@app", "/api/v1/apps/matrix/environments/qa/protection", "{\"protected\":true}"));
        MATRIX.put("GET /api/v1/apps/{app}/protections", new Row("viewer@app", "/api/v1/apps/matrix/protections", null));
        MATRIX.put("GET /api/v1/apps/{app}/environments/{env}/secrets",
                new Row("viewer@app", "/api/v1/apps/matrix/environments/staging/secrets", null));
        MATRIX.put("PUT /api/v1/apps/{app}/secrets/{name}",
                new Row("releaser@app", "/api/v1/apps/matrix/secrets/MATRIX_LOGIN", "{\"value\":\"m-%s\"}"));
        MATRIX.put("DELETE /api/v1/apps/{app}/secrets/{name}",
                new Row("releaser@app", "/api/v1/apps/matrix/secrets/NEVER_SET", null));
        MATRIX.put("GET /api/v1/apps/{app}/secrets", new Row("viewer@app", "/api/v1/apps/matrix/secrets", null));
        MATRIX.put("POST /api/v1/apps/{app}/promotions", new Row("deployer@app", "/api/v1/apps/matrix/promotions",
                "{\"environment\":\"production\",\"from\":\"staging\"}"));
        MATRIX.put("GET /api/v1/apps/{app}/promotions", new Row("viewer@app", "/api/v1/apps/matrix/promotions", null));
        MATRIX.put("GET /api/v1/apps/{app}/promotions/{id}", new Row("viewer@app", "/api/v1/apps/matrix/promotions/1", null));
        // approvals.role may name any role, so the door asks only for one; the environment's rule is checked inside
        MATRIX.put("POST /api/v1/apps/{app}/promotions/{id}/approve",
                new Row("viewer@app", "/api/v1/apps/matrix/promotions/1/approve", ""));
        MATRIX.put("POST /api/v1/apps/{app}/promotions/{id}/reject",
                new Row("viewer@app", "/api/v1/apps/matrix/promotions/1/reject", "{\"reason\":\"no\"}"));
        MATRIX.put("POST /api/v1/apps/{app}/environments/{env}/rollback",
                new Row("deployer@app", "/api/v1/apps/matrix/environments/staging/rollback", "{}"));
        MATRIX.put("POST /api/v1/apps/{app}/environments/{env}/swap",
                new Row("deployer@app", "/api/v1/apps/matrix/environments/staging/swap", "{}"));
        MATRIX.put("POST /api/v1/apps/{app}/environments/{env}/restart",
                new Row("deployer@app", "/api/v1/apps/matrix/environments/staging/restart", "{}"));
        // the environment's rule (releaser where protected) is checked inside, as for swap and rollback
        MATRIX.put("POST /api/v1/apps/{app}/environments/{env}/port",
                new Row("deployer@app", "/api/v1/apps/matrix/environments/staging/port", "{}"));
        MATRIX.put("POST /api/v1/users", new Row("admin@*", "/api/v1/users", "{\"name\":\"u%s\"}"));
        MATRIX.put("GET /api/v1/users", new Row("admin@*", "/api/v1/users", null));
        MATRIX.put("POST /api/v1/tokens", new Row("authenticated", "/api/v1/tokens", "{}"));
        MATRIX.put("GET /api/v1/tokens", new Row("authenticated", "/api/v1/tokens", null));
        MATRIX.put("POST /api/v1/lint", new Row("authenticated", "/api/v1/lint", "stages: []"));
        MATRIX.put("DELETE /api/v1/tokens/{id}", new Row("authenticated", "/api/v1/tokens/nosuchtoken0", null));
        // only the user named in the path (nobody here is "ghost") or an admin on every app
        MATRIX.put("DELETE /api/v1/users/{user}/tokens", new Row("self-or-admin@*", "/api/v1/users/ghost/tokens", null));
        // forge logins decide whose push a delivery is: admins on every app only
        MATRIX.put("GET /api/v1/users/{user}/links", new Row("admin@*", "/api/v1/users/mviewer/links", null));
        MATRIX.put("PUT /api/v1/users/{user}/links/{forge}",
                new Row("admin@*", "/api/v1/users/mviewer/links/github", "{\"login\":\"m%s\"}"));
        MATRIX.put("DELETE /api/v1/users/{user}/links/{forge}", new Row("admin@*", "/api/v1/users/mviewer/links/gitea", null));
        // webhooks: open at the door, the delivery's signature is the authentication (WebhooksApiTest); an
        // unsigned delivery without the forge's headers is a 400, never a 401 from the door
        MATRIX.put("POST /hooks/github", new Row("anyone", "/hooks/github", "{}"));
        MATRIX.put("POST /hooks/gitlab", new Row("anyone", "/hooks/gitlab", "{}"));
        MATRIX.put("POST /hooks/gitea", new Row("anyone", "/hooks/gitea", "{}"));
        MATRIX.put("GET /api/v1/apps/{app}/hooks", new Row("viewer@app", "/api/v1/apps/matrix/hooks", null));
        MATRIX.put("POST /api/v1/grants", new Row("admin@*", "/api/v1/grants", "{\"user\":\"mviewer\",\"role\":\"viewer\",\"app\":\"matrix\"}"));
        MATRIX.put("GET /api/v1/audit", new Row("authenticated", "/api/v1/audit?app=matrix", null));
        MATRIX.put("GET /api/v1/audit/verify", new Row("admin@*", "/api/v1/audit/verify", null));
        MATRIX.put("POST /api/v1/audit/verify", new Row("admin@*", "/api/v1/audit/verify", "{}"));
        MATRIX.put("GET /api/v1/audit/checkpoint", new Row("admin@*", "/api/v1/audit/checkpoint", null));
        // a dry run: the matrix only knocks on the door, it does not collect the shared server's store
        MATRIX.put("POST /api/v1/gc", new Row("admin@*", "/api/v1/gc?dry_run=true", ""));
        // targets are machines: an admin on every app registers and binds them (nobody here has a "*" grant but the bootstrap admin)
        MATRIX.put("POST /api/v1/targets", new Row("admin@*", "/api/v1/targets", "{\"name\":\"m-%s\",\"endpoint\":\"unix:///run/m.sock\"}"));
        MATRIX.put("GET /api/v1/targets", new Row("admin@*", "/api/v1/targets", null));
        MATRIX.put("GET /api/v1/targets/{name}", new Row("admin@*", "/api/v1/targets/nosuch", null));
        MATRIX.put("DELETE /api/v1/targets/{name}", new Row("admin@*", "/api/v1/targets/nosuch", null));
        MATRIX.put("PUT /api/v1/targets/{name}/labels/{key}", new Row("admin@*", "/api/v1/targets/nosuch/labels/site", "{\"value\":\"ka\"}"));
        MATRIX.put("DELETE /api/v1/targets/{name}/labels/{key}", new Row("admin@*", "/api/v1/targets/nosuch/labels/site", null));
        // executors are machines too: only an admin on every app hands jobs to one
        // (a cluster's form of the body: refused at the door before anything is parsed or tried)
        MATRIX.put("POST /api/v1/executors", new Row("admin@*", "/api/v1/executors", "{\"name\":\"x-%s\",\"kind\":\"kubernetes\",\"in_cluster\":true,\"namespace\":\"jobs\"}"));
        MATRIX.put("GET /api/v1/executors", new Row("admin@*", "/api/v1/executors", null));
        MATRIX.put("DELETE /api/v1/executors/{name}", new Row("admin@*", "/api/v1/executors/nosuch", null));
        // a job's pod fetches and sends back its workspace with its run's own credentials: no user token opens them
        MATRIX.put("GET /api/v1/apps/{app}/runs/{run}/jobs/{job}/workspace.tar",
                new Row("run-token@run", "/api/v1/apps/matrix/runs/1/jobs/build/workspace.tar", null));
        MATRIX.put("PUT /api/v1/apps/{app}/runs/{run}/jobs/{job}/workspace.tar",
                new Row("run-token@run", "/api/v1/apps/matrix/runs/1/jobs/build/workspace.tar", ""));
        MATRIX.put("POST /api/v1/target-bindings", new Row("admin@*", "/api/v1/target-bindings",
                "{\"app\":\"matrix\",\"environment\":\"staging\",\"label\":\"site=m%s\"}"));
        MATRIX.put("DELETE /api/v1/target-bindings", new Row("admin@*", "/api/v1/target-bindings?app=matrix&environment=staging&label=site=none", null));
        MATRIX.put("GET /api/v1/target-bindings", new Row("admin@*", "/api/v1/target-bindings?app=matrix&environment=staging", null));
        // the public part of the server's signing key: public like a JWKS document
        MATRIX.put("GET /api/v1/keys", new Row("anyone", "/api/v1/keys", null));
        // a new signing key: admins on every app only (the old one is kept, retired; the matrix really rotates)
        MATRIX.put("POST /api/v1/keys/rotate", new Row("admin@*", "/api/v1/keys/rotate", ""));
        // an artifact's signed provenance: viewers of the app (a digest with none is a 404 past the door)
        MATRIX.put("GET /api/v1/apps/{app}/artifacts/{digest}/provenance", new Row("viewer@app",
                "/api/v1/apps/matrix/artifacts/sha256:" + "0".repeat(64) + "/provenance", null));
        // the dashboard: the same door (a session cookie for browsers, or a token as here), the same rules
        MATRIX.put("GET /", new Row("anyone", "/", null));
        MATRIX.put("GET /ui/assets/htmx.min.js", new Row("anyone", "/ui/assets/htmx.min.js", null));
        MATRIX.put("GET /ui/assets/slipway.js", new Row("anyone", "/ui/assets/slipway.js", null));
        MATRIX.put("GET /ui/signin", new Row("anyone", "/ui/signin", null));
        MATRIX.put("POST /ui/signin", new Row("anyone", "/ui/signin", ""));
        MATRIX.put("POST /ui/signout", new Row("authenticated", "/ui/signout", ""));
        MATRIX.put("GET /ui", new Row("authenticated", "/ui", null));
        MATRIX.put("GET /ui/apps/{app}", new Row("viewer@app", "/ui/apps/matrix", null));
        MATRIX.put("GET /ui/apps/{app}/dev", new Row("viewer@app", "/ui/apps/matrix/dev", null));
        MATRIX.put("GET /ui/apps/{app}/runs/{run}", new Row("viewer@app", "/ui/apps/matrix/runs/1", null));
        MATRIX.put("GET /ui/apps/{app}/runs/{run}/artifact", new Row("viewer@app", "/ui/apps/matrix/runs/1/artifact", null));
        MATRIX.put("GET /ui/apps/{app}/runs/{run}/sbom", new Row("viewer@app", "/ui/apps/matrix/runs/1/sbom", null));
        MATRIX.put("GET /ui/apps/{app}/runs/{run}/jobs/{job}/log",
                new Row("viewer@app", "/ui/apps/matrix/runs/1/jobs/build/log?before=10", null));
        MATRIX.put("GET /ui/apps/{app}/runs/{run}/jobs/{job}/log/stream",
                new Row("viewer@app", "/ui/apps/matrix/runs/1/jobs/build/log/stream", null));
        MATRIX.put("GET /ui/apps/{app}/environments/{env}/deployments/{id}/log",
                new Row("viewer@app", "/ui/apps/matrix/environments/staging/deployments/1/log?before=10", null));
        MATRIX.put("GET /ui/apps/{app}/environments/{env}/deployments/{id}/log/stream",
                new Row("viewer@app", "/ui/apps/matrix/environments/staging/deployments/1/log/stream", null));
        MATRIX.put("GET /ui/events", new Row("authenticated", "/ui/events", null));
        MATRIX.put("GET /ui/apps/{app}/events", new Row("viewer@app", "/ui/apps/matrix/events", null));
        MATRIX.put("GET /ui/apps/{app}/environments/{env}",
                new Row("viewer@app", "/ui/apps/matrix/environments/staging", null));
        MATRIX.put("GET /ui/audit", new Row("authenticated", "/ui/audit?app=matrix", null));
        MATRIX.put("POST /ui/apps/{app}/promotions", new Row("deployer@app", "/ui/apps/matrix/promotions", ""));
        MATRIX.put("POST /ui/apps/{app}/promotions/{id}/approve",
                new Row("viewer@app", "/ui/apps/matrix/promotions/1/approve", ""));
        MATRIX.put("POST /ui/apps/{app}/promotions/{id}/reject",
                new Row("viewer@app", "/ui/apps/matrix/promotions/1/reject", ""));
        MATRIX.put("POST /ui/apps/{app}/environments/{env}/rollback",
                new Row("deployer@app", "/ui/apps/matrix/environments/staging/rollback", ""));
        MATRIX.put("POST /ui/apps/{app}/environments/{env}/swap",
                new Row("deployer@app", "/ui/apps/matrix/environments/staging/swap", ""));
    }

    static final List<String> ROLES = List.of("viewer", "developer", "deployer", "releaser", "admin");

    @TempDir
    static Path tmp;
    static Slipway slipway;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        slipway = Slipway.start(new ServerConfig(tmp, "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        send("POST", "/api/v1/apps", "{\"name\":\"matrix\"}", ADMIN);
        for (String role : ROLES) {
            // users are named after their role on app "matrix" ("m" + role: "admin" is the bootstrap admin's name)
            send("POST", "/api/v1/users", "{\"name\":\"m" + role + "\"}", ADMIN);
            send("POST", "/api/v1/grants", "{\"user\":\"m" + role + "\",\"role\":\"" + role + "\",\"app\":\"matrix\"}", ADMIN);
            TOKENS.put(role, token("m" + role, null));
        }
        send("POST", "/api/v1/users", "{\"name\":\"stale\"}", ADMIN);
        send("POST", "/api/v1/grants", "{\"user\":\"stale\",\"role\":\"admin\",\"app\":\"*\"}", ADMIN);
        String expired = token("stale", "1ms");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> send("GET", "/api/v1/apps", null, expired).statusCode() == 401);
        TOKENS.put("expired token", expired);
        String revoked = token("stale", null);
        String id = revoked.substring(4, revoked.indexOf('.'));
        assertThat(send("DELETE", "/api/v1/tokens/" + id, null, ADMIN).statusCode()).isEqualTo(200);
        TOKENS.put("revoked token", revoked);
        TOKENS.put("anonymous", null);
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    static String token(String user, String expires) throws Exception {
        String body = expires == null ? "{\"user\":\"" + user + "\"}" : "{\"user\":\"" + user + "\",\"expires\":\"" + expires + "\"}";
        HttpResponse<String> r = send("POST", "/api/v1/tokens", body, ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("token").asText();
    }

    static HttpResponse<String> send(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteIsInTheMatrix() {
        List<String> expected = new ArrayList<>();
        MATRIX.forEach((route, row) -> expected.add(route + " " + row.permission()));
        assertThat(slipway.routeTable()).containsExactlyInAnyOrderElementsOf(expected);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, Row> route : MATRIX.entrySet()) {
            for (String caller : List.of("anonymous", "expired token", "revoked token", "viewer", "developer",
                    "deployer", "releaser", "admin")) {
                cases.add(Arguments.of(route.getKey(), caller, expectation(route.getValue().permission(), caller)));
            }
        }
        return cases.stream();
    }

    /** 401 when the caller is not signed in (validly), 403 when the role is too low, "ok" (neither) otherwise. */
    static String expectation(String permission, String caller) {
        if (permission.equals("anyone")) {
            return "ok";
        }
        if (permission.equals("run-token@run")) {
            return "401"; // no user's token, whatever its role, is a run's credential (PodJobApiTest has the run's side)
        }
        if (!ROLES.contains(caller)) {
            return "401";
        }
        if (permission.equals("authenticated")) {
            return "ok";
        }
        String needed = permission.substring(0, permission.indexOf('@'));
        // roles were granted on app "matrix" only: a global (@*) permission needs a "*" grant, which only admin-as-bootstrap has
        if (permission.endsWith("@*")) {
            return "403";
        }
        return ROLES.indexOf(caller) >= ROLES.indexOf(needed) ? "ok" : "403";
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("cases")
    void theDoorChecks(String route, String caller, String expected) throws Exception {
        Row row = MATRIX.get(route);
        String method = route.substring(0, route.indexOf(' '));
        String body = row.body() == null ? null : row.body().replace("%s", UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<String> response = send(method, row.path(), body, TOKENS.get(caller));
        switch (expected) {
            case "401" -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
                assertThat(response.body()).doesNotContain(String.valueOf(TOKENS.get(caller)));
            }
            case "403" -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                JsonNode error = JSON.readTree(response.body());
                assertThat(error.get("message").asText()).contains("needs role");
            }
            default -> assertThat(response.statusCode()).as(response.body()).isNotIn(401, 403);
        }
    }

    /**
     * Inside the doors: what lands in an environment is decided by {@code Access.decide}, per role, on an environment
     * nobody protects (staging), one its pipeline file protects, one the server protects (production), one an admin
     * protected (qa) and one an admin unprotected (production of app "lab"). The expectations are the rules as users
     * read them: a protected environment needs a releaser; else pushes need a developer, every other change a
     * deployer; approving needs the approvals' role; protecting needs an admin.
     */
    static Stream<Arguments> environmentCases() {
        record Where(String label, Place place, boolean isProtected) {}
        List<Where> places = List.of(
                new Where("staging", Place.of("matrix", "staging", false), false),
                new Where("staging protected by its file", Place.of("matrix", "staging", true), true),
                new Where("production", Place.of("matrix", "production", false), true),
                new Where("qa protected by an admin", Place.of("matrix", "qa", false), true),
                new Where("production unprotected by an admin", Place.of("lab", "production", false), false));
        List<Arguments> cases = new ArrayList<>();
        for (Where where : places) {
            for (Action action : Action.values()) {
                String needed = switch (action) {
                    case PUSH_DEPLOY -> where.isProtected() ? "releaser" : "developer";
                    case APPROVE -> "releaser"; // no approvals named: the default role
                    case PROTECT -> "admin";
                    default -> where.isProtected() ? "releaser" : "deployer";
                };
                for (String role : ROLES) {
                    cases.add(Arguments.of(action, where.label(), where.place(), role, needed));
                }
            }
        }
        // approvals that name a role: approving (and rejecting) needs that role, protected or not
        for (String role : ROLES) {
            Place approvedByDeployers = new Place("matrix", "production", true, Optional.of(Role.DEPLOYER));
            cases.add(Arguments.of(Action.APPROVE, "production approved by deployers", approvedByDeployers, role, "deployer"));
            cases.add(Arguments.of(Action.REJECT, "production approved by deployers", approvedByDeployers, role, "deployer"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {1} as {3} needs {4}")
    @MethodSource("environmentCases")
    void theEnvironmentRuleDecides(Action action, String label, Place place, String role, String needed) {
        Decision decision = ACCESS.decide(new Principal("m" + role), action, place);
        boolean enough = ROLES.indexOf(role) >= ROLES.indexOf(needed);
        assertThat(decision.allowed()).as(action + " in " + label + " as " + role).isEqualTo(enough);
        if (decision instanceof Decision.Refused refused) {
            assertThat(refused.message()).contains("user 'm" + role + "' needs role " + needed + " on app '"
                    + place.app() + "'").contains(place.environment());
        }
        assertThat(ACCESS.decide(null, action, place).allowed()).isFalse();
    }

    /** Each user holds their role on "matrix" and on "lab"; qa of matrix is protected, production of lab not. */
    static final Access ACCESS = new Access(new GrantRepository() {
        @Override
        public void put(Grant grant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Grant> of(String user) {
            Role role = Role.parse(user.substring(1));
            return List.of(new Grant(user, "matrix", role, Instant.EPOCH), new Grant(user, "lab", role, Instant.EPOCH));
        }

        @Override
        public List<Grant> all() {
            throw new UnsupportedOperationException();
        }
    }, new ProtectionRepository() {
        @Override
        public void put(Protection protection) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Protection> find(String app, String environment) {
            return app.equals("matrix") && environment.equals("qa")
                    ? Optional.of(new Protection(app, environment, true, "admin", Instant.EPOCH))
                    : app.equals("lab") && environment.equals("production")
                    ? Optional.of(new Protection(app, environment, false, "admin", Instant.EPOCH))
                    : Optional.empty();
        }

        @Override
        public List<Protection> of(String app) {
            throw new UnsupportedOperationException();
        }
    });

    /** The same rule through the real door and use case: a secret of production needs a releaser, of staging a deployer. */
    @ParameterizedTest(name = "secret of {0} as {1}")
    @MethodSource("secretCases")
    void aSecretFollowsTheEnvironmentsRule(String environment, String caller, boolean allowed) throws Exception {
        HttpResponse<String> response = send("PUT", "/api/v1/apps/matrix/environments/" + environment
                + "/secrets/RULE_KEY", "{\"value\":\"v\"}", TOKENS.get(caller));
        if (allowed) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            // below deployer the door refuses first; above it, the environment's rule
            boolean pastTheDoor = ROLES.indexOf(caller) >= ROLES.indexOf("deployer");
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains("needs role "
                    + (pastTheDoor ? "releaser" : "deployer"));
        }
    }

    static Stream<Arguments> secretCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String role : ROLES) {
            cases.add(Arguments.of("staging", role, ROLES.indexOf(role) >= ROLES.indexOf("deployer")));
            cases.add(Arguments.of("production", role, ROLES.indexOf(role) >= ROLES.indexOf("releaser")));
        }
        return cases.stream();
    }

    /** The OpenAPI document names every route with the role the door checks, so it cannot drift from the code. */
    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDocumentedWithItsRole() throws Exception {
        HttpResponse<String> doc = send("GET", "/api/v1/openapi.yaml", null, null);
        assertThat(doc.statusCode()).isEqualTo(200);
        Map<String, Object> paths = (Map<String, Object>) new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(doc.body(), Map.class).get("paths");
        List<String> documented = new ArrayList<>();
        paths.forEach((path, operations) -> ((Map<String, Object>) operations).forEach((method, operation) -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase() + " " + path + " " + ((Map<String, Object>) operation).get("x-slipway-role"));
            }
        }));
        // the dashboard's HTML pages (/ui) are not API; their own matrix covers them
        assertThat(documented).containsExactlyInAnyOrderElementsOf(slipway.routeTable().stream()
                .filter(route -> route.split(" ")[1].startsWith("/api/") || route.split(" ")[1].startsWith("/hooks/")
                        || route.contains(" /healthz ")
                        || route.contains(" /metrics "))
                .toList());
    }

    @Test
    void metricsCountWhatTheRecordsHold() throws Exception {
        HttpResponse<String> metrics = send("GET", "/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("slipway_apps ").contains("slipway_audit_entries ")
                .contains("jvm_memory_used_bytes").doesNotContain("matrix");
    }

    @Test
    void theBootstrapAdminIsAdminEverywhere() throws Exception {
        assertThat(send("GET", "/api/v1/users", null, ADMIN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/audit/verify", null, ADMIN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/audit/checkpoint", null, ADMIN).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/users/ghost/tokens", null, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputChangesNothing() throws Exception {
        HttpResponse<String> malformed = HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + "/api/v1/apps"))
                .header("Authorization", "Bearer").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(401);
        HttpResponse<String> tooLong = send("GET", "/api/v1/apps", null, "slw_" + "x".repeat(5000));
        assertThat(tooLong.statusCode()).isEqualTo(401);
        assertThat(tooLong.body()).doesNotContain("xxxxxxxxxx");
        HttpResponse<String> unknownRole = send("POST", "/api/v1/grants", "{\"user\":\"mviewer\",\"role\":\"boss\",\"app\":\"matrix\"}", ADMIN);
        assertThat(unknownRole.statusCode()).isEqualTo(400);
        assertThat(unknownRole.body()).contains("unknown role 'boss'");
        HttpResponse<String> noApp = send("POST", "/api/v1/grants", "{\"user\":\"mviewer\",\"role\":\"admin\",\"app\":\"nope\"}", ADMIN);
        assertThat(noApp.statusCode()).isEqualTo(404);
        HttpResponse<String> noUser = send("POST", "/api/v1/grants", "{\"user\":\"ghost\",\"role\":\"viewer\",\"app\":\"matrix\"}", ADMIN);
        assertThat(noUser.statusCode()).isEqualTo(404);
        HttpResponse<String> noUserToken = send("POST", "/api/v1/tokens", "{\"user\":\"ghost\"}", ADMIN);
        assertThat(noUserToken.statusCode()).isEqualTo(404);
        JsonNode users = JSON.readTree(send("GET", "/api/v1/users", null, ADMIN).body());
        assertThat(users.toString()).doesNotContain("ghost").doesNotContain("boss").doesNotContain("\"nope\"");
        // the viewer's grant on matrix is still viewer, not admin
        assertThat(send("GET", "/api/v1/users", null, TOKENS.get("viewer")).statusCode()).isEqualTo(403);
    }
}

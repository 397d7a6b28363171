package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliAppCommandsTest {
    private static final String APPS = """
            {"apps":[
              {"name":"hello","git_url":"http://127.0.0.1:8080/git/hello.git","created_at":"2026-11-22T02:59:55.000Z"},
              {"name":"payments-api","git_url":"http://127.0.0.1:8080/git/payments-api.git","created_at":"2026-11-18T01:00:00Z"}
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
    void createPostsTheNameAndPrintsTheGitRemoteToAdd() throws Exception {
        server.json("POST", "/api/v1/apps", 201,
                "{\"name\":\"hello\",\"git_url\":\"http://127.0.0.1:8080/git/hello.git\","
                        + "\"remote_url\":\"http://alice@127.0.0.1:8080/git/hello.git\",\"created_at\":\"2026-11-22T02:33:01.123Z\"}");

        Result result = CliHarness.run(server, "app", "create", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Created app hello
                  git remote add slipway http://alice@127.0.0.1:8080/git/hello.git
                When git asks for a password, give a Slipway token (yours is in SLIPWAY_TOKEN; `slipway token create` makes another).
                """);
        assertThat(result.err()).isEmpty();
        CliTestServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(request.body()))
                .isEqualTo(new ObjectMapper().readTree("{\"name\":\"hello\"}"));
    }

    @Test
    void createFromSendsTheCredentialsReadFromFilesAndPrintsTheWebhookOnce(@org.junit.jupiter.api.io.TempDir
                                                                           java.nio.file.Path dir) throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("gh.token"), "ghp_secret\n");
        server.json("POST", "/api/v1/apps", 201, """
                {"name":"shop","git_url":"http://127.0.0.1:8080/git/shop.git",
                 "remote_url":"http://alice@127.0.0.1:8080/git/shop.git","created_at":"2026-12-04T02:33:01Z",
                 "upstream":{"url":"https://github.com/acme/shop.git","forge":"github","poll_seconds":30,
                   "report_statuses":true,"report_deployments":false,
                   "webhook_url":"http://127.0.0.1:8080/hooks/github","webhook_secret":"s3cr3t"}}""");

        Result result = CliHarness.run(server, "app", "create", "shop", "--from", "https://github.com/acme/shop.git",
                "--token-file", token.toString(), "--poll-interval", "30s", "--branch-filter", "release/*",
                "--no-report-statuses");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("It follows https://github.com/acme/shop.git, polled every 30s")
                .contains("URL:    http://127.0.0.1:8080/hooks/github").contains("secret: s3cr3t")
                .contains("git remote add slipway http://alice@127.0.0.1:8080/git/shop.git")
                .doesNotContain("ghp_secret");
        assertThat(new ObjectMapper().readTree(server.lastRequest().body())).isEqualTo(new ObjectMapper().readTree("""
                {"name":"shop","from":"https://github.com/acme/shop.git","branch_filter":"release/*",
                 "poll_interval":"30s","token":"ghp_secret\\n","report_statuses":false}"""));
    }

    @Test
    void credentialsWithoutFromAreRefusedBeforeAnythingIsSent(@org.junit.jupiter.api.io.TempDir
                                                              java.nio.file.Path dir) throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("t"), "x");

        Result result = CliHarness.run(server, "app", "create", "shop", "--token-file", token.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("give its URL with --from URL");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createThatTheServerRefusesPrintsItsMessageAndExits1() {
        server.json("POST", "/api/v1/apps", 409,
                "{\"error\":\"conflict\",\"message\":\"app 'hello' already exists\"}");

        Result result = CliHarness.run(server, "app", "create", "hello");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: app 'hello' already exists\n");
    }

    @Test
    void listPrintsAnAlignedTable() {
        server.json("GET", "/api/v1/apps", 200, APPS);

        Result result = CliHarness.run(server, "app", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME          GIT URL                                     CREATED
                hello         http://127.0.0.1:8080/git/hello.git         5s
                payments-api  http://127.0.0.1:8080/git/payments-api.git  4d
                """);
    }

    @Test
    void listJsonPrintsTheServersBodyPretty() throws Exception {
        server.json("GET", "/api/v1/apps", 200, APPS);

        Result result = CliHarness.run(server, "app", "list", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(APPS));
        assertThat(result.out()).startsWith("{\n  \"apps\": [\n    {\n      \"name\": \"hello\",\n");
    }

    @Test
    void listWithoutAppsSaysHowToCreateOne() {
        server.json("GET", "/api/v1/apps", 200, "{\"apps\":[]}");

        Result result = CliHarness.run(server, "app", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No apps yet: create one with `slipway app create NAME`\n");
    }

    @Test
    void appWithoutAVerbIsAUsageError() {
        Result result = CliHarness.run(server, "app");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required subcommand").contains("create").contains("list");
        assertThat(server.requests()).isEmpty();
    }
}

package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliAuditCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRIES = """
            {"entries":[
              {"seq":58,"at":"2026-11-22T02:59:58.731Z","actor":"alice","action":"promotion.approve","app":"hello",
               "subject":"promotion 4","before":"PENDING","after":"APPROVED","hash":"sha256:5e1f"},
              {"seq":57,"at":"2026-11-22T02:50:00Z","actor":"admin","action":"grant","app":"hello",
               "subject":"alice","before":"viewer","after":"developer","hash":"sha256:9a0b"},
              {"seq":3,"at":"2026-11-18T01:00:00Z","actor":"admin","action":"user.create","app":null,
               "subject":"alice","before":null,"after":null,"hash":"sha256:c3d4"}
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
    void auditListsEntriesNewestFirstWithTheirChange() {
        server.json("GET", "/api/v1/audit?limit=50", 200, ENTRIES);

        Result result = CliHarness.run(server, "audit", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                #   TIME                  ACTOR  ACTION             APP    SUBJECT      CHANGE
                58  2026-11-22T02:59:58Z  alice  promotion.approve  hello  promotion 4  PENDING → APPROVED
                57  2026-11-22T02:50:00Z  admin  grant              hello  alice        viewer → developer
                3   2026-11-18T01:00:00Z  admin  user.create        -      alice        - → -
                """);
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void appAndLimitArePassedToTheServer() throws Exception {
        server.json("GET", "/api/v1/audit?app=hello&limit=2", 200, ENTRIES);

        Result result = CliHarness.run(server, "audit", "--app", "hello", "--limit", "2", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(ENTRIES));
    }

    @Test
    void anEmptyLogSaysSo() {
        server.json("GET", "/api/v1/audit?app=hello&limit=50", 200, "{\"entries\":[]}");

        Result result = CliHarness.run(server, "audit", "--app", "hello");

        assertThat(result.out()).isEqualTo("No audit entries for hello yet\n");
    }

    @Test
    void aLimitBelowOneIsAUsageError() {
        Result result = CliHarness.run(server, "audit", "--limit", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--limit must be at least 1, got 0");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void readingTheAuditWithoutTheRightRoleIsRefused() {
        server.json("GET", "/api/v1/audit?limit=50", 403,
                "{\"error\":\"forbidden\",\"message\":\"reading the whole audit log needs admin on *\"}");

        Result result = CliHarness.run(server, "audit", "--token", "alice-token");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: reading the whole audit log needs admin on *\n");
    }

    @Test
    void verifyOfAnIntactChainExits0() {
        server.json("GET", "/api/v1/audit/verify", 200, "{\"ok\":true,\"entries\":1234}");

        Result result = CliHarness.run(server, "audit", "verify", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("audit chain ok: 1234 entries verified\n");
        assertThat(result.err()).isEmpty();
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void verifyOfABrokenChainSaysWhereOnStderrAndExits1() {
        server.json("GET", "/api/v1/audit/verify", 200, broken());

        Result result = CliHarness.run(server, "audit", "verify");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("audit chain BROKEN at entry #57: entry #57 was changed after it was"
                + " written (its hash does not match its content)\n");
    }

    @Test
    void verifyJsonPrintsTheBodyAndStillExits1WhenBroken() throws Exception {
        server.json("GET", "/api/v1/audit/verify", 200, broken());

        Result result = CliHarness.run(server, "audit", "verify", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(broken()));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void verifyJsonOfAnIntactChainExits0() throws Exception {
        server.json("GET", "/api/v1/audit/verify", 200, "{\"ok\":true,\"entries\":1234}");

        Result result = CliHarness.run(server, "audit", "verify", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree("{\"ok\":true,\"entries\":1234}"));
    }

    private static final String HEAD = "5e1f".repeat(16);
    private static final String CHECKPOINT = """
            {"format":"slipway-audit-checkpoint-v1","seq":3,"head_hash":"%s","time":"2026-11-22T03:00:00.000Z",
             "key_id":"0123456789abcdef","signature":"c2lnbmVk"}""".formatted(HEAD);

    @Test
    void verifyNamesTheHeadToKeep() {
        server.json("GET", "/api/v1/audit/verify", 200,
                "{\"ok\":true,\"entries\":3,\"head_seq\":3,\"head_hash\":\"" + HEAD + "\"}");

        Result result = CliHarness.run(server, "audit", "verify");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("audit chain ok: 3 entries verified\nhead: entry #3, hash " + HEAD
                + " (keep a signed one elsewhere: `slipway audit checkpoint > FILE`)\n");
    }

    @Test
    void checkpointPrintsTheSignedHeadAloneOnStdout() throws Exception {
        server.json("GET", "/api/v1/audit/checkpoint", 200, CHECKPOINT);

        Result result = CliHarness.run(server, "audit", "checkpoint", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(CHECKPOINT));
        assertThat(result.err()).isEqualTo("checkpoint of entry #3, signed by key 0123456789abcdef: keep it where "
                + "Slipway cannot write, and check later with `slipway audit verify --checkpoint FILE`\n");
    }

    @Test
    void verifyAgainstACheckpointSendsItAndSaysTheLogStillPassesThroughIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoint.json"), CHECKPOINT);
        server.json("POST", "/api/v1/audit/verify", 200, "{\"ok\":true,\"entries\":5,\"head_seq\":5,\"head_hash\":\""
                + HEAD + "\",\"checkpoint\":{\"ok\":true,\"seq\":3,\"time\":\"2026-11-22T03:00:00.000Z\","
                + "\"key_id\":\"0123456789abcdef\",\"problem\":null}}");

        Result result = CliHarness.run(server, "audit", "verify", "--checkpoint", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(server.lastRequest().body())).isEqualTo(JSON.readTree(CHECKPOINT));
        assertThat(result.out()).isEqualTo("audit chain ok: 5 entries verified\nhead: entry #5, hash " + HEAD
                + " (keep a signed one elsewhere: `slipway audit checkpoint > FILE`)\n"
                + "checkpoint ok: the log still passes through entry #3 as signed at 2026-11-22T03:00:00.000Z "
                + "(key 0123456789abcdef)\n");
    }

    @Test
    void verifyAgainstACheckpointTheLogNoLongerPassesThroughExits1(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoint.json"), CHECKPOINT);
        server.json("POST", "/api/v1/audit/verify", 200, "{\"ok\":false,\"entries\":5,\"head_seq\":5,"
                + "\"problem\":\"entry #3 no longer has the hash the checkpoint kept\",\"checkpoint\":{\"ok\":false,"
                + "\"seq\":3,\"time\":\"2026-11-22T03:00:00.000Z\",\"key_id\":\"0123456789abcdef\","
                + "\"problem\":\"entry #3 no longer has the hash the checkpoint kept\"}}");

        Result result = CliHarness.run(server, "audit", "verify", "--checkpoint", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("audit log does NOT pass through the checkpoint of entry #3 "
                + "(2026-11-22T03:00:00.000Z): entry #3 no longer has the hash the checkpoint kept\n");
    }

    @Test
    void verifyAgainstAFileThatIsNotACheckpointSaysSo(@TempDir Path dir) throws Exception {
        Result missing = CliHarness.run(server, "audit", "verify", "--checkpoint", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: cannot read the checkpoint " + dir.resolve("nope.json"));
        Path junk = Files.writeString(dir.resolve("junk.json"), "head: abc");
        Result notJson = CliHarness.run(server, "audit", "verify", "--checkpoint", junk.toString());
        assertThat(notJson.exitCode()).isEqualTo(1);
        assertThat(notJson.err()).startsWith("error: " + junk + " is not a checkpoint (not JSON");
        assertThat(server.requests()).isEmpty();
    }

    private static String broken() {
        return "{\"ok\":false,\"entries\":57,\"first_bad\":57,"
                + "\"problem\":\"entry #57 was changed after it was written (its hash does not match its content)\"}";
    }
}

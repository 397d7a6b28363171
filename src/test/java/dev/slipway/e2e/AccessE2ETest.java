package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may do what, through the real git client and the real CLI; and the audit log that remembers it. */
class AccessE2ETest extends OneServerE2E {

    @Test
    void gitPushNeedsADeveloperToken() throws Exception {
        createApp("guarded");
        String viewer = tokenFor("vera", "viewer", "guarded");
        String developer = tokenFor("dev", "developer", "guarded");
        GitClient git = exampleRepo(tmp.resolve("guarded"));

        GitClient.Result anonymous = git.push(server.gitUrl("guarded"), "HEAD:refs/heads/main");
        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.err()).containsAnyOf("Authentication failed", "could not read Username", "401");

        GitClient.Result asViewer = git.push(server.pushUrl("guarded", "vera", viewer), "HEAD:refs/heads/main");
        assertThat(asViewer.exit()).isNotZero();
        assertThat(asViewer.err()).contains("403");
        assertThat(asViewer.err()).doesNotContain(viewer);

        GitClient.Result wrongUser = git.push(server.pushUrl("guarded", "vera", developer), "HEAD:refs/heads/main");
        assertThat(wrongUser.exit()).isNotZero();

        GitClient.Result asDeveloper = git.push(server.pushUrl("guarded", "dev", developer), "HEAD:refs/heads/main").ok();
        JsonNode run = awaitRun("guarded", pushedRun(asDeveloper));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("pushed_by").asText()).isEqualTo("dev");

        GitClient clone = new GitClient(tmp);
        assertThat(clone.run("clone", "-q", server.pushUrl("guarded", "vera", viewer), "guarded-clone").exit()).isZero();
        assertThat(tmp.resolve("guarded-clone/.slipway.yml")).exists();
    }

    @Test
    void pushingToAnAppThatDoesNotExistSaysHowToCreateIt() throws Exception {
        GitClient git = exampleRepo(tmp.resolve("nowhere"));

        GitClient.Result push = git.push(server.pushUrl("nowhere", "admin", ServerProcess.ADMIN_TOKEN),
                "HEAD:refs/heads/main");

        assertThat(push.exit()).isNotZero();
        assertThat(push.err()).contains("remote: Slipway has no app named 'nowhere'")
                .contains("remote: ").contains("slipway app create nowhere")
                .doesNotContain(ServerProcess.ADMIN_TOKEN);
        // without credentials the answer stays 401: who is not signed in learns nothing about which apps exist
        GitClient.Result anonymous = git.push(server.gitUrl("nowhere"), "HEAD:refs/heads/main");
        assertThat(anonymous.err()).doesNotContain("no app named");
    }

    @Test
    void aProtectedEnvironmentTakesPushesOnlyFromReleasers() throws Exception {
        createApp("vault");
        String developer = tokenFor("dora", "developer", "vault");
        GitClient git = exampleRepo(tmp.resolve("vault"));
        git.write(".slipway.yml", java.nio.file.Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("  - name: staging\n    branches: [ main ]", "  - name: staging\n    branches: [ main ]\n    protected: true"));
        git.commitAll("staging is protected");
        JsonNode run = awaitRun("vault", pushedRun(git.push(server.pushUrl("vault", "dora", developer), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/apps/vault/status").get("environments").isEmpty());

        assertThat(cli.run("grant", "dora", "releaser", "--app", "vault").exit()).isZero();
        git.write("VERSION", "1.0.1\n");
        git.commitAll("again, as releaser");
        awaitRun("vault", pushedRun(git.push(server.pushUrl("vault", "dora", developer), "HEAD:refs/heads/main").ok()));
        awaitServing("vault", "staging", "version 1.0.1");
    }

    @Test
    void theAdminTokenIsWrittenPrivatelyAndTheCliRefusesWithoutOne() throws Exception {
        Path tokenFile = server.data().resolve("admin.token");
        assertThat(Files.readString(tokenFile).trim()).isEqualTo(ServerProcess.ADMIN_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        assertThat(server.logText()).contains(tokenFile.toString()).doesNotContain(ServerProcess.ADMIN_TOKEN);

        CliRunner.Result anonymous = cli.as(null).run("app", "list");
        assertThat(anonymous.exit()).isEqualTo(1);
        assertThat(anonymous.err()).contains("authentication required");
        String viewer = tokenFor("olga", "viewer", "*");
        CliRunner.Result forbidden = cli.as(viewer).run("app", "create", "nope");
        assertThat(forbidden.exit()).isEqualTo(1);
        assertThat(forbidden.err()).contains("needs role admin");
        CliRunner.Result revoke = cli.as(viewer).run("token", "list");
        assertThat(revoke.exit()).isZero();
    }

    @Test
    void everyChangeIsAuditedAndTamperingIsNamed() throws Exception {
        createApp("audited");
        String token = tokenFor("ann", "developer", "audited");
        GitClient git = exampleRepo(tmp.resolve("audited"));
        awaitRun("audited", pushedRun(git.push(server.pushUrl("audited", "ann", token), "HEAD:refs/heads/main").ok()));
        awaitServing("audited", "staging", "version 1.0.0");
        String tokenId = token.substring(4, token.indexOf('.'));
        assertThat(cli.run("token", "revoke", tokenId).exit()).isZero();

        CliRunner.Result list = cli.run("audit", "--app", "audited", "--json", "--limit", "200");
        assertThat(list.exit()).as(list.err()).isZero();
        JsonNode entries = new ObjectMapper().readTree(list.out()).get("entries");
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("app.created", "push.received", "run.queued", "run.started", "artifact.stored",
                "run.finished", "deployment.queued", "deployment.started", "deployment.finished");
        CliRunner.Result all = cli.run("audit", "--json", "--limit", "1000");
        assertThat(all.out()).contains("user.created", "grant.changed", "token.created", "token.revoked")
                .doesNotContain(token.substring(token.indexOf('.') + 1));

        CliRunner.Result verify = cli.run("audit", "verify");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("audit chain ok");

        long seq = entries.get(entries.size() / 2).get("seq").asLong();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.data().resolve("slipway.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.executeUpdate("UPDATE audit_entries SET actor = 'mallory' WHERE seq = " + seq);
        }
        CliRunner.Result broken = cli.run("audit", "verify");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("#" + seq);
    }
}

package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.SlipwayCli;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretId;
import dev.slipway.store.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A secret set with the CLI reaches the service's environment — at deploy and again after a restart — and nothing
 * else: not the job log, the service log as served, the API, the audit log, nor any file of the data directory.
 */
class SecretsE2ETest extends OneServerE2E {
    /** Random per run, so finding it anywhere means this test leaked it. */
    static final String VALUE = "sv-" + UUID.randomUUID().toString().replace("-", "");

    /** `slipway secret set …` with {@code stdin} piped in, as `printf %s VALUE | slipway secret set …` would. */
    private static CliRunner.Result secretSet(String token, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("secret", "set"));
        all.addAll(List.of(args));
        return cli.as(token).withInput(stdin).run(all.toArray(String[]::new));
    }


    /**
     * The example app whose test job prints the value (assembled from two halves, so the repository never holds it
     * whole) and whose service records $API_KEY in a file of its own directory and prints it to its own output.
     */
    private static GitClient repo(String app, String devSecrets) throws IOException, InterruptedException {
        GitClient git = exampleRepo(tmp.resolve(app));
        git.write("part1", VALUE.substring(0, 10));
        git.write("part2", VALUE.substring(10));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps:
                          - run: mkdir -p dist && javac -d dist src/Hello.java && cp VERSION dist/VERSION
                        artifact: [ "dist/" ]
                  - name: test
                    jobs:
                      unit:
                        steps:
                          - run: java -cp dist Hello --self-test
                          - run: 'echo "job sees $(cat part1)$(cat part2)"'
                service:
                  command: 'printf %s "$API_KEY" > "received-$SLIPWAY_ENV.txt"; echo "service sees $API_KEY"; exec java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello'
                  health: /healthz
                environments:
                  - name: dev
                    branches: [ "*", "!main" ]
                    ephemeral: true
                    secrets: [ DEV_SECRETS ]
                  - name: staging
                    branches: [ main ]
                    secrets: [ API_KEY ]
                """.replace("DEV_SECRETS", devSecrets));
        git.commitAll("secrets");
        return git;
    }

    @Test
    void aSecretReachesTheServiceAndNothingElse() throws Exception {
        createApp("keeper");
        String deployer = tokenFor("dora", "deployer", "keeper");
        CliRunner.Result set = secretSet(deployer, VALUE + "\n", "keeper", "staging", "API_KEY");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out() + set.err()).doesNotContain(VALUE);
        CliRunner.Result production = secretSet(deployer, VALUE, "keeper", "production", "API_KEY");
        assertThat(production.exit()).isEqualTo(1);
        assertThat(production.err()).contains("protected environment production").contains("needs role releaser")
                .doesNotContain(VALUE);

        GitClient git = repo("keeper", "DEV_TOKEN");
        long run = pushedRun(git.push(server.pushUrl("keeper"), "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("keeper", run).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode staging = awaitServing("keeper", "staging", "hello from staging");

        Path deployment = server.data().resolve("environments/keeper/staging/deployment-" + staging.get("deployment").asLong());
        Path received = deployment.resolve("received-staging.txt");
        assertThat(received).hasContent(VALUE);

        String jobLog = api.raw("GET", "/api/v1/apps/keeper/runs/" + run + "/log", null).body();
        assertThat(jobLog).contains("job sees ***").doesNotContain(VALUE);
        CliRunner.Result logs = cli.run("logs", "keeper", Long.toString(run));
        assertThat(logs.out()).contains("job sees ***").doesNotContain(VALUE);

        String deploymentLog = "/api/v1/apps/keeper/environments/staging/deployments/" + staging.get("deployment").asLong()
                + "/log";
        // the service's output reaches its file through the masking filter, a moment after it answers
        HttpResponse<String> serviceLog = org.awaitility.Awaitility.await().atMost(LONG)
                .until(() -> api.raw("GET", deploymentLog, null), r -> r.body().contains("service sees"));
        assertThat(serviceLog.statusCode()).isEqualTo(200);
        assertThat(serviceLog.body()).contains("service sees ***").doesNotContain(VALUE);

        JsonNode names = api.get("/api/v1/apps/keeper/environments/staging/secrets");
        assertThat(names.get("names").toString()).isEqualTo("[\"API_KEY\"]");
        assertThat(cli.run("secret", "list", "keeper", "staging").out()).isEqualTo("API_KEY\n");
        for (String path : List.of("/api/v1/apps/keeper/environments/staging/secrets", "/api/v1/apps/keeper/status",
                "/api/v1/apps/keeper/environments/staging/deployments", "/api/v1/apps/keeper/runs/" + run)) {
            assertThat(api.raw("GET", path, null).body()).as(path).doesNotContain(VALUE);
        }

        CliRunner.Result audit = cli.run("audit", "--app", "keeper", "--json", "--limit", "200");
        assertThat(audit.out()).contains("\"secret.set\"").contains("\"staging/API_KEY\"").doesNotContain(VALUE);
        assertThat(cli.run("audit", "verify").exit()).isZero();

        // a start after the services were stopped (they outlive a plain stop) starts it again with the secret read anew
        server.stop();
        server.launch(List.of("--stop-services"));
        server.stop();
        Files.delete(received);
        server.launch(List.of());
        awaitServing("keeper", "staging", "hello from staging");
        await().atMost(LONG).until(() -> Files.exists(received));
        assertThat(received).hasContent(VALUE);

        assertThat(server.logText()).doesNotContain(VALUE);
        Path serviceOutput = server.data().resolve("environments/keeper/staging/deployment-"
                + staging.get("deployment").asLong() + ".log");
        assertThat(serviceOutput).content().contains("service sees ***");
        assertThat(filesHolding(server.data(), VALUE))
                .as("the service wrote it to a file of its own; its output was masked as it was written, nothing else holds it")
                .containsExactly(received);
    }

    /** An app-wide secret: set by a releaser only, in no environment, masked in job logs, audited, removable. */
    @Test
    void anAppWideSecretIsSetByAReleaserMaskedAndNeverShown() throws Exception {
        createApp("widely");
        String deployer = tokenFor("wdora", "deployer", "widely");
        String releaser = tokenFor("writa", "releaser", "widely");

        CliRunner.Result refused = secretSet(deployer, VALUE, "widely", "REG_LOGIN", "--app-wide");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("needs role releaser on app 'widely'").doesNotContain(VALUE);
        CliRunner.Result set = secretSet(releaser, VALUE + "\n", "widely", "REG_LOGIN", "--app-wide");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("Set app-wide secret REG_LOGIN of widely\n");
        assertThat(cli.run("secret", "list", "widely", "--app-wide").out()).isEqualTo("REG_LOGIN\n");
        assertThat(api.get("/api/v1/apps/widely/environments/staging/secrets").get("names")).isEmpty();
        assertThat(api.get("/api/v1/apps/widely/secrets").toString())
                .isEqualTo("{\"app\":\"widely\",\"app_wide\":true,\"names\":[\"REG_LOGIN\"]}");

        GitClient git = repo("widely", "DEV_TOKEN");
        long run = pushedRun(git.push(server.pushUrl("widely"), "HEAD:refs/heads/main").ok());
        awaitRun("widely", run);
        String jobLog = api.raw("GET", "/api/v1/apps/widely/runs/" + run + "/log", null).body();
        assertThat(jobLog).contains("job sees ***").doesNotContain(VALUE);

        CliRunner.Result audit = cli.run("audit", "--app", "widely", "--json", "--limit", "200");
        assertThat(audit.out()).contains("\"(app-wide) REG_LOGIN\"").doesNotContain(VALUE);
        CliRunner.Result removed = cli.as(releaser).run("secret", "remove", "widely", "REG_LOGIN", "--app-wide");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(cli.run("audit", "--app", "widely", "--json", "--limit", "200").out()).contains("\"secret.removed\"");
        assertThat(cli.run("secret", "list", "widely", "--app-wide").out()).startsWith("No app-wide secrets set for widely");
        assertThat(cli.run("audit", "verify").exit()).isZero();
        assertThat(filesHolding(server.data(), VALUE))
                .allSatisfy(file -> assertThat(file.toString()).contains("environments/keeper/"));
    }

    @Test
    void aDeclaredSecretThatIsNotSetStopsTheDeploymentUntilItIs() throws Exception {
        createApp("strict");
        GitClient git = repo("strict", "DEV_TOKEN");
        awaitRun("strict", pushedRun(git.push(server.pushUrl("strict"), "HEAD:refs/heads/feature/x").ok()));
        JsonNode failed = await().atMost(LONG).until(() -> api.environment("strict", "dev-feature-x"),
                env -> env != null && env.path("last_deployment").path("state").asText().equals("FAILED"))
                .get("last_deployment");
        assertThat(failed.get("reason").asText()).contains("secret DEV_TOKEN is listed under secrets: of environment dev")
                .contains("slipway secret set strict dev DEV_TOKEN");

        // the secrets of "dev" reach every dev-<branch>
        assertThat(secretSet(ServerProcess.ADMIN_TOKEN, "dev-token-value", "strict", "dev", "DEV_TOKEN").exit()).isZero();
        git.commitAll("again, with the secret set");
        awaitRun("strict", pushedRun(git.push(server.pushUrl("strict"), "HEAD:refs/heads/feature/x").ok()));
        awaitServing("strict", "dev-feature-x", "hello from dev-feature-x");
    }

    @Test
    void aSecretThatCannotBeDecryptedFailsOnlyTheDeploymentThatNeedsItNamingItAndWhatToDo() throws Exception {
        createApp("keyless");
        assertThat(secretSet(ServerProcess.ADMIN_TOKEN, "staging-value-1", "keyless", "staging", "API_KEY").exit()).isZero();
        // staging/API_KEY as a server with another secret.key sealed it (e.g. a database restored onto a new server)
        byte[] otherKey = new byte[32];
        java.util.Arrays.fill(otherKey, (byte) 7);
        String foreign = new SecretBox(new SecretKeySpec(otherKey, "AES"))
                .seal(new SecretId("keyless", "staging", "API_KEY"), "sealed-elsewhere");
        try (Connection db = DriverManager.getConnection(Database.sqliteUrl(server.data()));
             PreparedStatement update = db.prepareStatement("UPDATE secrets SET ciphertext = ? WHERE app = 'keyless' "
                     + "AND environment = 'staging' AND name = 'API_KEY'")) {
            update.setString(1, foreign);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        GitClient git = repo("keyless", "");

        // jobs, their logs and another environment of the app do not need that secret
        long branchRun = pushedRun(git.push(server.pushUrl("keyless"), "HEAD:refs/heads/feature/x").ok());
        assertThat(awaitRun("keyless", branchRun).get("state").asText()).isEqualTo("SUCCEEDED");
        HttpResponse<String> log = api.raw("GET", "/api/v1/apps/keyless/runs/" + branchRun + "/log", null);
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(log.body()).contains("[test/unit] job sees ");
        awaitServing("keyless", "dev-feature-x", "hello from dev-feature-x");

        // the environment that needs it fails, naming the secret and both ways out
        long mainRun = pushedRun(git.push(server.pushUrl("keyless"), "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("keyless", mainRun).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode failed = await().atMost(LONG).until(() -> api.environment("keyless", "staging"),
                env -> env != null && env.path("last_deployment").path("state").asText().equals("FAILED"))
                .get("last_deployment");
        assertThat(failed.get("reason").asText()).contains("secret staging/API_KEY of app 'keyless' cannot be decrypted")
                .contains("slipway secret set keyless staging API_KEY").contains("secret.key");
        assertThat(server.logText()).containsPattern("WARN .*staging/API_KEY of app 'keyless' cannot be decrypted");

        // set again, it deploys
        assertThat(secretSet(ServerProcess.ADMIN_TOKEN, "staging-value-2", "keyless", "staging", "API_KEY").exit()).isZero();
        git.commitAll("again, with the secret set again");
        awaitRun("keyless", pushedRun(git.push(server.pushUrl("keyless"), "HEAD:refs/heads/main").ok()));
        awaitServing("keyless", "staging", "hello from staging");
    }

    @Test
    void aKeyFileOthersMayReadStopsTheServerWithAMessage() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("leaky-data"));
        Path key = data.resolve("secret.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Process p = new ProcessBuilder(ServerProcess.slipway("server", "--data", data.toString(), "--port", "0"))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("slipway: error: the secret key " + key).contains("rw-r--r--").contains("chmod 600");
    }

    private static List<Path> filesHolding(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    holding.add(file);
                }
            }
        }
        return holding;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

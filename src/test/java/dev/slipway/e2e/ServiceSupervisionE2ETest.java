package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A JVM service started with `java -jar` is killed with SIGKILL, as a crashing production JVM would be: with the
 * default restart policy it is serving again within 10 s, audited; with `restart: never` the environment shows
 * CRASHED with the exit code and the service's last lines, the router answers Slipway's 503 page, and
 * `slipway restart` brings it back.
 */
class ServiceSupervisionE2ETest extends OneServerE2E {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The example app built into a jar and started with `java -jar`; {@code extra} is added to staging. */
    private static GitClient jarApp(String app, String extra) throws Exception {
        createApp(app);
        GitClient git = exampleRepo(tmp.resolve(app));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps:
                          - run: |
                              mkdir -p classes dist
                              javac -d classes src/Hello.java
                              printf 'Main-Class: Hello\\n' > manifest.txt
                              jar cfm dist/hello.jar manifest.txt -C classes .
                              cp VERSION dist/VERSION
                        artifact: [ "dist/" ]
                service:
                  command: "java -Xshare:auto -XX:TieredStopAtLevel=1 -jar dist/hello.jar"
                  health: /healthz
                environments:
                  - name: staging
                    branches: [ main ]
                    watch: 0s
                """ + extra);
        git.commitAll("a jar");
        awaitRun(app, pushedRun(git.push(server.pushUrl(app), "HEAD:refs/heads/main").ok()));
        return git;
    }

    /** SIGKILL to the service's JVM: the process under the pid the API names that runs the jar (or that pid itself). */
    private static void killJvm(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        Optional<ProcessHandle> jvm = root.descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("hello.jar")).orElse(false)).findFirst();
        ProcessHandle victim = jvm.orElse(root);
        assertThat(victim.destroyForcibly()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !victim.isAlive());
    }

    private static String audit(String app) {
        return cli.run("audit", "--app", app, "--limit", "200").out();
    }

    @Test
    void aKilledJvmIsRestartedAndServingWithinTenSecondsByDefault() throws Exception {
        jarApp("crashy", "");
        JsonNode before = awaitServing("crashy", "staging", "version 1.0.0");
        long pid = before.get("pid").asLong();

        killJvm(pid);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode env = api.environment("crashy", "staging");
            return "LIVE".equals(env.get("state").asText()) && env.get("pid").asLong() != pid
                    && api.fetch(env.get("url").asText()).contains("version 1.0.0");
        });
        JsonNode after = api.environment("crashy", "staging");
        assertThat(after.get("deployment").asLong()).as("the same deployment, started again in place")
                .isEqualTo(before.get("deployment").asLong());
        assertThat(after.get("service").isNull()).isTrue();
        await().atMost(LONG).until(() -> audit("crashy").contains("service.restarted"));
        assertThat(audit("crashy")).contains("service.crashed").contains("slipway (restart)");
        assertThat(cli.run("audit", "verify").exit()).isZero();
    }

    @Test
    void withRestartNeverItStaysCrashedBehindA503PageUntilSlipwayRestart() throws Exception {
        jarApp("fragile", "    restart: never\n");
        JsonNode before = awaitServing("fragile", "staging", "version 1.0.0");

        killJvm(before.get("pid").asLong());

        JsonNode crashed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.environment("fragile", "staging"), env -> "CRASHED".equals(env.get("state").asText()));
        JsonNode service = crashed.get("service");
        assertThat(service.get("exit_code").isInt()).as(service.toString()).isTrue();
        assertThat(service.get("exit_code").asInt()).isNotZero();
        assertThat(service.get("last_lines").toString()).contains("hello: listening on 127.0.0.1:");
        String url = crashed.get("url").asText() + "/";
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("fragile / staging is CRASHED");
        HttpResponse<String> text = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(503);
        assertThat(text.body()).startsWith("Slipway: environment 'staging' of app 'fragile' is CRASHED");
        CliRunner.Result status = cli.run("status", "fragile");
        assertThat(status.out()).contains("CRASHED").contains("exit code " + service.get("exit_code").asInt())
                .contains("| hello: listening on").contains("slipway restart fragile staging");
        assertThat(audit("fragile")).contains("service.crashed").contains("restart: never");

        CliRunner.Result restart = cli.run("restart", "fragile", "staging");

        assertThat(restart.exit()).as(restart.err()).isZero();
        JsonNode back = awaitServing("fragile", "staging", "version 1.0.0");
        assertThat(back.get("deployment").asLong()).isEqualTo(before.get("deployment").asLong());
        assertThat(back.get("service").isNull()).isTrue();
        assertThat(audit("fragile")).contains("service.restarted");
    }
}

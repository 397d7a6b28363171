package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A developer's pipeline and service, as hostile as they like, against a real server: they cannot read its data
 * directory, other apps, its environment or its user's HOME, so they cannot become admin; they see only their own
 * variables; the data directory and what the server writes in it are the server's alone, a service's secrets are
 * masked in its log file as it is written; and nothing a job started outlives it, nor a crash of the server.
 */
class IsolationE2ETest extends E2E {
    /** In the server's environment only: finding it anywhere else means the server's environment leaked. */
    private static final String CANARY = "canary-" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    static Path tmp;
    private static Path serverHome;
    private final List<ProcessHandle> strays = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        serverHome = Files.createDirectories(tmp.resolve("server-home"));
        Files.writeString(serverHome.resolve(".git-credentials"), "https://admin:git-" + CANARY + "@example.com\n");
        server = ServerProcess.start(tmp.resolve("data"), null,
                Map.of("HOME", serverHome.toString(), "SERVER_ONLY_CANARY", CANARY));
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @AfterEach
    void killStrays() {
        strays.forEach(ProcessHandle::destroyForcibly);
    }

    /** Bash that tries to read each file and prints, per file, READ or DENIED; and looks for the admin token in /proc. */
    private static String tryToRead(List<Path> files) {
        return "for f in " + files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(" ")) + "; do\n"
                + "  if cat \"$f\" > /dev/null 2>&1; then echo \"READ $f\"; else echo \"DENIED $f\"; fi\n"
                + "done\n"
                + "w=environ; if grep -qs SLIPWAY_ADMIN_TOKEN= /proc/[0-9]*/environ; then echo \"READ $w\"; else echo \"DENIED $w\"; fi\n";
    }

    private static String indent(String text, int spaces) {
        return text.lines().map(l -> " ".repeat(spaces) + l).collect(Collectors.joining("\n"));
    }

    private static String jobLog(String app, long run) throws Exception {
        return api.raw("GET", "/api/v1/apps/" + app + "/runs/" + run + "/log", null).body();
    }

    private static void assertAllDenied(String output, List<Path> files) {
        for (Path file : files) {
            assertThat(output).as(output).contains("DENIED " + file).doesNotContain("READ " + file);
        }
        assertThat(output).contains("DENIED environ").doesNotContain("READ environ");
    }

    @Test
    void hostileStepsAndServicesCannotReadTheServersSecretsOtherAppsItsEnvironmentOrItsHome() throws Exception {
        Path data = server.data();
        // another app, live on staging, and one of its jobs running right now
        createApp("victim");
        GitClient victim = exampleRepo(tmp.resolve("victim"));
        awaitRun("victim", pushedRun(victim.push(server.pushUrl("victim"), "HEAD:refs/heads/main").ok()));
        JsonNode victimStaging = awaitServing("victim", "staging", "hello from staging");
        Path victimDeployment = data.resolve("environments/victim/staging/deployment-"
                + victimStaging.get("deployment").asLong() + "/dist/VERSION");
        victim.write(".slipway.yml", """
                stages:
                  - name: hold
                    jobs:
                      hold:
                        steps:
                          - run: "echo victim-work > victim.txt; i=0; until [ -e release ] || [ $i -ge 3000 ]; do i=$((i+1)); sleep 0.05; done"
                """);
        victim.commitAll("holds");
        long hold = pushedRun(victim.push(server.pushUrl("victim"), "HEAD:refs/heads/hold").ok());
        Path victimWork = data.resolve("work/victim/" + hold + "/hold");
        await().atMost(LONG).until(() -> Files.exists(victimWork.resolve("victim.txt")));
        assertThat(victimDeployment).exists();
        List<Path> forbidden = List.of(data.resolve("admin.token"), data.resolve("secret.key"), data.resolve("slipway.db"),
                victimWork.resolve("victim.txt"), victimDeployment,
                Path.of("/proc", Long.toString(server.pid()), "environ"), serverHome.resolve(".git-credentials"));
        try {
            createApp("intruder");
            String developer = tokenFor("mallory", "developer", "intruder");
            GitClient git = exampleRepo(tmp.resolve("intruder"));
            git.write(".slipway.yml", """
                    stages:
                      - name: build
                        jobs:
                          snoop:
                            steps:
                              - run: |
                    SNOOP
                          compile:
                            steps:
                              - run: mkdir -p dist && javac -d dist src/Hello.java && cp VERSION dist/VERSION
                            artifact: [ "dist/" ]
                    service:
                      command: |
                    SERVICE_SNOOP
                        exec java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello
                      health: /healthz
                    environments:
                      - name: staging
                        branches: [ main ]
                    """.replace("SERVICE_SNOOP", indent(tryToRead(forbidden), 4)).replace("SNOOP", indent(tryToRead(forbidden), 14)));
            git.commitAll("snoops");
            long run = pushedRun(git.push(server.pushUrl("intruder", "mallory", developer), "HEAD:refs/heads/main").ok());
            assertThat(awaitRun("intruder", run).get("state").asText()).isEqualTo("SUCCEEDED");
            assertAllDenied(jobLog("intruder", run), forbidden);

            JsonNode staging = awaitServing("intruder", "staging", "hello from staging");
            Path serviceLog = data.resolve("environments/intruder/staging/deployment-" + staging.get("deployment").asLong() + ".log");
            await().atMost(LONG).until(() -> Files.readString(serviceLog).contains(" environ"));
            assertAllDenied(Files.readString(serviceLog), forbidden);
        } finally {
            Files.writeString(victimWork.resolve("release"), "go");
        }
        assertThat(awaitRun("victim", hold).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aStepThatReachesForTheAdminTokenCannotMakeItsDeveloperAnAdmin() throws Exception {
        createApp("climber");
        String developer = tokenFor("eve", "developer", "climber");
        GitClient git = GitClient.init(tmp.resolve("climber"));
        // the token from the data directory, or from the step's environment; then the API call that grants admin
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      climb:
                        steps:
                          - run: |
                              TOKEN=$(cat 'DATA/admin.token' 2>/dev/null || printf %s "$SLIPWAY_ADMIN_TOKEN")
                              echo "token length ${#TOKEN}"
                              BODY='{"user": "eve", "role": "admin"}'
                              exec 3<>/dev/tcp/127.0.0.1/PORT
                              printf 'POST /api/v1/grants HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer %s\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\n\\r\\n%s' "$TOKEN" "${#BODY}" "$BODY" >&3
                              echo "answer: $(head -1 <&3)"
                """.replace("DATA", server.data().toString()).replace("PORT", server.url().replaceAll(".*:", "")));
        git.commitAll("climbs");
        long run = pushedRun(git.push(server.pushUrl("climber", "eve", developer), "HEAD:refs/heads/main").ok());
        awaitRun("climber", run);

        assertThat(jobLog("climber", run)).contains("token length 0").contains("answer: HTTP/1.1 401");
        assertThat(new Api(server.url(), developer).raw("GET", "/api/v1/users", null).statusCode())
                .as("eve is no admin").isEqualTo(403);
    }

    @Test
    void aStepSeesOnlyItsOwnVariablesAndAHomeOfItsOwnInItsWorkspace() throws Exception {
        createApp("envy");
        GitClient git = GitClient.init(tmp.resolve("envy"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      look:
                        steps:
                          - run: env
                          - run: 'echo "home is $HOME"; ls -A "$HOME" | wc -l | sed "s/^/home holds /"'
                """);
        git.commitAll("looks");
        long run = pushedRun(git.push(server.pushUrl("envy"), "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("envy", run).get("state").asText()).isEqualTo("SUCCEEDED");

        String log = jobLog("envy", run);
        assertThat(log).doesNotContain(ServerProcess.ADMIN_TOKEN).doesNotContain("SLIPWAY_ADMIN_TOKEN")
                .doesNotContain(CANARY).doesNotContain("SERVER_ONLY_CANARY").doesNotContain(serverHome.toString());
        Set<String> names = log.lines().map(l -> l.replaceFirst("^\\S+ \\[build/look\\] ", ""))
                .filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toSet());
        Set<String> allowed = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "TZ", "PWD", "SHLVL", "_", "OLDPWD",
                "SLIPWAY_APP", "SLIPWAY_COMMIT", "SLIPWAY_BRANCH", "SLIPWAY_RUN", "SLIPWAY_WORKSPACE",
                // the run's own registry login: this app only, while the run's jobs run (masked in the log)
                "SLIPWAY_REGISTRY", "SLIPWAY_REGISTRY_USER", "SLIPWAY_REGISTRY_TOKEN",
                "JAVA_TOOL_OPTIONS"); // -Duser.home=$HOME: a JVM's home is the job's too
        assertThat(names).contains("PATH", "HOME", "SLIPWAY_APP", "SLIPWAY_WORKSPACE")
                .allMatch(name -> allowed.contains(name) || name.startsWith("LC_"), "allowed");
        Path workspace = server.data().resolve("work/envy/" + run + "/look");
        assertThat(log).containsPattern("home is " + java.util.regex.Pattern.quote(workspace.toString()) + "/\\S+")
                .contains("home holds 0");
    }

    @Test
    void theDataDirectoryItsDatabaseAndItsLogsAreTheServersAloneAndServiceLogsAreMaskedOnDisk() throws Exception {
        createApp("teller");
        String value = "tv-" + UUID.randomUUID().toString().replace("-", "");
        CliRunner.Result set = cli.withInput(value).run("secret", "set", "teller", "staging", "API_KEY");
        assertThat(set.exit()).as(set.err()).isZero();
        GitClient git = exampleRepo(tmp.resolve("teller"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace(
                "command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"",
                "command: 'echo \"service sees $API_KEY\"; exec java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello'"));
        git.commitAll("tells");
        long run = pushedRun(git.push(server.pushUrl("teller"), "HEAD:refs/heads/main").ok());
        awaitRun("teller", run);
        JsonNode staging = awaitServing("teller", "staging", "hello from staging");

        Path data = server.data();
        Path serviceLog = data.resolve("environments/teller/staging/deployment-" + staging.get("deployment").asLong() + ".log");
        await().atMost(LONG).until(() -> Files.readString(serviceLog).contains("service sees"));
        assertThat(Files.readString(serviceLog)).contains("service sees ***").doesNotContain(value);

        assertThat(mode(data)).isEqualTo("rwx------");
        List<Path> owned = new ArrayList<>(List.of(data.resolve("slipway.db"), serviceLog, data.resolve("admin.token"),
                data.resolve("secret.key")));
        for (String suffix : List.of("-wal", "-shm")) {
            if (Files.exists(data.resolve("slipway.db" + suffix))) {
                owned.add(data.resolve("slipway.db" + suffix));
            }
        }
        try (Stream<Path> logs = Files.walk(data.resolve("logs/teller"))) {
            logs.filter(Files::isRegularFile).forEach(owned::add);
        }
        assertThat(owned).hasSizeGreaterThan(5);
        for (Path file : owned) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void runningUnconfinedTakesAnExplicitOptOutAndIsSaidLoudly() throws Exception {
        ProcessBuilder bogus = new ProcessBuilder(ServerProcess.slipway("server", "--data", tmp.resolve("bogus").toString(),
                "--port", "0")).redirectErrorStream(true);
        bogus.environment().put("SLIPWAY_ISOLATION", "sometimes");
        Process refused = bogus.start();
        assertThat(refused.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(refused.getInputStream().readAllBytes())).as("exit " + refused.exitValue())
                .contains("SLIPWAY_ISOLATION must be 'on' or 'off', got 'sometimes'");
        assertThat(refused.exitValue()).isEqualTo(2);

        Path log = tmp.resolve("unconfined.log");
        ProcessBuilder unconfinedServer = new ProcessBuilder(ServerProcess.slipway("server", "--data",
                tmp.resolve("unconfined").toString(), "--port", "0", "--no-isolation")).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        unconfinedServer.environment().put("SLIPWAY_ROUTER", "local"); // no router process to outlive the test
        Process unconfined = unconfinedServer.start();
        try {
            await().atMost(LONG).until(() -> Files.readString(log).contains("Slipway is running") || !unconfined.isAlive());
            assertThat(Files.readString(log)).contains("ISOLATION IS OFF (--no-isolation or SLIPWAY_ISOLATION=off)")
                    .contains("Any developer who can push can act as admin").contains("Slipway is running");
        } finally {
            unconfined.destroy();
            unconfined.waitFor();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Every way a step may leave a process behind: in the background, nohup, setsid, double fork, ignoring SIGTERM. */
    private static String leaveProcesses(String marker) {
        return """
                sleep MARK1 &
                nohup sleep MARK2 > /dev/null 2>&1 &
                setsid sleep MARK3 &
                ( ( setsid sleep MARK4 & ) & )
                ( trap '' TERM; exec sleep MARK5 ) &
                """.replace("MARK", marker);
    }

    private List<ProcessHandle> processesWith(String marker) {
        List<ProcessHandle> found = sleepers(marker);
        strays.addAll(found);
        return found;
    }

    @Test
    void nothingAJobStartedOutlivesItNorACrashOfTheServer() throws Exception {
        createApp("leaver");
        String finished = marker();
        String crashed = marker();
        GitClient git = GitClient.init(tmp.resolve("leaver"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      leave:
                        steps:
                          - run: |
                FINISHED
                              echo left five behind
                """.replace("FINISHED", indent(leaveProcesses(finished), 14)));
        git.commitAll("leaves processes behind");
        long run = pushedRun(git.push(server.pushUrl("leaver"), "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("leaver", run).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(jobLog("leaver", run)).contains("left five behind");
        assertThat(processesWith(finished)).as("processes the finished job left").isEmpty();

        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      leave:
                        steps:
                          - run: |
                CRASHED
                              sleep 300
                """.replace("CRASHED", indent(leaveProcesses(crashed), 14)));
        git.commitAll("still running when the server crashes");
        pushedRun(git.push(server.pushUrl("leaver"), "HEAD:refs/heads/main").ok());
        await().atMost(LONG).until(() -> processesWith(crashed).size() == 5);
        server.crash();
        server.launch();
        await().atMost(Duration.ofSeconds(10)).until(() -> processesWith(crashed).stream().noneMatch(ProcessHandle::isAlive));
    }
}

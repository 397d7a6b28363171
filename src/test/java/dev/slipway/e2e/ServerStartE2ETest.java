package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `slipway server` refuses to start with a message that says what to fix, and exits non-zero. */
class ServerStartE2ETest {
    @TempDir
    Path tmp;

    record Exit(int code, String output) {}

    static Exit run(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ServerProcess.slipway(args)).redirectErrorStream(true);
        builder.environment().put("SLIPWAY_ROUTER", "local"); // a server that does start leaves no router process
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " kept running");
        }
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Exactly one line, naming what to do: no stack trace, no log lines. */
    static void assertOneLine(Exit exit) {
        assertThat(exit.output().strip().lines()).as(exit.output()).hasSize(1);
        assertThat(exit.output()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryExitsAtOnceNamingThePidOfTheFirst() throws Exception {
        Path data = tmp.resolve("shared");
        try (ServerProcess first = ServerProcess.start(data)) {
            CliRunner cli = new CliRunner(first.url());
            assertThat(cli.run("app", "create", "busy").exit()).isZero();
            GitClient git = GitClient.init(tmp.resolve("busy"));
            git.write(".slipway.yml", """
                    stages:
                      - name: test
                        jobs:
                          slow: { steps: [ "sleep 30" ] }
                    """);
            git.commitAll("slow");
            git.push(first.pushUrl("busy"), "HEAD:refs/heads/main").ok();
            Api api = new Api(first.url());
            // a sandboxed job cannot write the test's temp dir: the API says when it runs
            org.awaitility.Awaitility.await().atMost(E2E.LONG).until(() -> api.run("busy", 1),
                    run -> "RUNNING".equals(run.get("stages").get(0).get("jobs").get(0).get("state").asText()));

            Exit second = run("server", "--data", data.toString(), "--port", "0");

            assertThat(second.code()).isNotZero();
            assertThat(second.output()).contains(data.toString()).contains("pid " + first.pid())
                    .contains("--data");
            assertOneLine(second);
            // the second server did not run recovery against the first one's database
            assertThat(api.run("busy", 1).get("state").asText()).isEqualTo("RUNNING");
            assertThat(api.run("busy", 1).get("stages").get(0).get("jobs").get(0).get("state").asText())
                    .isEqualTo("RUNNING");
        }
    }

    @Test
    void theDataDirectoryIsFreeAgainOnceItsServerHasStopped() throws Exception {
        Path data = tmp.resolve("reused");
        ServerProcess first = ServerProcess.start(data);
        first.crash(); // a kill -9 releases the lock with the process: no stale lock file to remove by hand
        try (ServerProcess again = ServerProcess.start(data)) { // throws if it exits instead of serving
            assertThat(again.logText()).contains("Slipway is serving");
        } finally {
            first.close();
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exit exit = run("server", "--data", tmp.resolve("d").toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(exit.code()).isNotZero();
            assertThat(exit.output()).contains("port " + taken.getLocalPort()).contains("already in use").contains("--port");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Exit exit = run("server", "--data", file.resolve("data").toString(), "--port", "0");
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("data directory").contains("not writable").contains("--data");
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Exit exit = run("server", "--data", tmp.resolve("d").toString(), "--port", "0", "--db",
                "jdbc:postgresql://127.0.0.1:" + closed + "/nope?user=x&password=hunter2");
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("cannot connect to the database").contains("127.0.0.1:" + closed)
                .contains("password=***").doesNotContain("hunter2");
    }

    @Test
    void anUnknownDatabaseKindIsRefused() throws Exception {
        Exit exit = run("server", "--data", tmp.resolve("d").toString(), "--port", "0", "--db", "jdbc:mysql://x/y");
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("unsupported database URL").contains("jdbc:postgresql://");
    }

    /**
     * Found from outside: `java -jar target/slipway.jar server --data slipway-data` — a class path and a data dir
     * relative to where the server starts — left the router process (the default) unable to find its own classes,
     * since it runs in its own directory, and the server refused to start.
     */
    @Test
    void aServerStartedWithRelativePathsStartsItsRouterProcess(@TempDir Path cwd) throws Exception {
        String relativeClassPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                        System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> cwd.relativize(Path.of(entry).toAbsolutePath()).toString()).toList());
        java.util.List<String> command = new java.util.ArrayList<>(ServerProcess.slipway("server", "--data",
                "slipway-data", "--port", "0", "--stop-services"));
        command.set(command.indexOf("-cp") + 1, relativeClassPath);
        Path log = cwd.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("SLIPWAY_ROUTER"); // the default: the router process
        Process server = builder.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> Files.readString(log).contains("Slipway is serving") || !server.isAlive());
            assertThat(Files.readString(log)).as("the server's output").contains("Slipway is serving")
                    .contains("router: started its own process");
            assertThat(dev.slipway.environment.local.RouterFiles.in(cwd.resolve("slipway-data").toAbsolutePath())
                    .readRunning()).as("the router process runs").isPresent();
        } finally {
            server.destroy(); // a graceful stop: --stop-services stops the router process too
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dev.slipway.environment.local.RouterFiles.in(cwd.resolve("slipway-data").toAbsolutePath())
                .readRunning().filter(r -> new dev.slipway.process.ProcessId(r.pid(), r.startTicks()).isAlive()))
                .as("no router process left").isEmpty();
    }
}

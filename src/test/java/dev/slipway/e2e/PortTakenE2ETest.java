package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Another program listens on an environment's stable port while Slipway is down (here: a real listening socket
 * held by this test's JVM). The server still starts and serves everything else; that environment is UNAVAILABLE,
 * naming the port and who holds it, until the port frees up or `slipway env move-port` moves it.
 */
class PortTakenE2ETest extends OneServerE2E {
    private static final long OURS = ProcessHandle.current().pid();

    @Test
    void aHeldPortLeavesTheServerUpAndMovePortMovesTheEnvironment() throws Exception {
        createApp("held");
        createApp("other");
        awaitRun("held", pushedRun(exampleRepo(tmp.resolve("held")).push(server.pushUrl("held"), "HEAD:refs/heads/main").ok()));
        awaitRun("other", pushedRun(exampleRepo(tmp.resolve("other")).push(server.pushUrl("other"), "HEAD:refs/heads/main").ok()));
        int port = port(awaitServing("held", "staging", "hello from staging"));
        awaitServing("other", "staging", "hello from staging");

        server.stop();
        try (ServerSocket holder = hold(port)) {
            server.launch(); // waits for /healthz: the server is up although staging's port is taken

            awaitServing("other", "staging", "hello from staging");
            JsonNode staging = api.environment("held", "staging");
            assertThat(staging.get("state").asText()).isEqualTo("UNAVAILABLE");
            assertThat(staging.get("unavailable").asText()).contains("port " + port).contains("pid " + OURS);
            CliRunner.Result status = cli.run("status", "held");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("UNAVAILABLE").contains("port " + port).contains("pid " + OURS);
            CliRunner.Result json = cli.run("status", "held", "--json");
            assertThat(json.out()).contains("\"UNAVAILABLE\"").contains("port " + port);
            assertThat(page("/ui/apps/held")).contains("UNAVAILABLE").contains("port " + port);

            // a port another program holds is refused, naming it; nothing changes
            CliRunner.Result refused = cli.run("env", "move-port", "held", "staging", "--port", Integer.toString(port));
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("port " + port);
            CliRunner.Result taken = cli.run("env", "move-port", "held", "staging", "--port",
                    Integer.toString(port(awaitServing("other", "staging", "hello"))));
            assertThat(taken.exit()).isNotZero();
            assertThat(taken.err()).contains("staging of app 'other'");

            CliRunner.Result moved = cli.run("env", "move-port", "held", "staging");
            assertThat(moved.exit()).as(moved.err()).isZero();
            JsonNode back = awaitServing("held", "staging", "hello from staging");
            int newPort = port(back);
            assertThat(newPort).isNotEqualTo(port);
            assertThat(moved.out()).contains("port " + newPort);
            assertThat(back.get("unavailable").isNull()).isTrue();
            assertThat(holder.isBound()).isTrue(); // still ours: the router did not take it back

            // recorded and audited: it survives a restart, and says who moved it
            server.restart();
            assertThat(port(awaitServing("held", "staging", "hello from staging"))).isEqualTo(newPort);
            assertThat(api.get("/api/v1/audit?app=held").toString()).contains("environment.port_moved")
                    .contains("port " + newPort);
        }

        int chosen = ServerProcess.freePort();
        CliRunner.Result explicit = cli.run("env", "move-port", "held", "staging", "--port", Integer.toString(chosen));
        assertThat(explicit.exit()).as(explicit.err()).isZero();
        assertThat(port(awaitServing("held", "staging", "hello from staging"))).isEqualTo(chosen);
    }

    @Test
    void releasingTheHeldPortBringsTheEnvironmentBackByItself() throws Exception {
        createApp("patient");
        awaitRun("patient", pushedRun(exampleRepo(tmp.resolve("patient")).push(server.pushUrl("patient"),
                "HEAD:refs/heads/main").ok()));
        JsonNode before = awaitServing("patient", "staging", "hello from staging");

        server.stop();
        ServerSocket holder = hold(port(before));
        try {
            server.launch();
            assertThat(api.environment("patient", "staging").get("state").asText()).isEqualTo("UNAVAILABLE");
        } finally {
            holder.close();
        }
        JsonNode after = awaitServing("patient", "staging", "hello from staging");
        assertThat(after.get("url").asText()).isEqualTo(before.get("url").asText());
        assertThat(after.get("unavailable").isNull()).isTrue();
    }

    private static int port(JsonNode environment) {
        return URI.create(environment.get("url").asText()).getPort();
    }

    /** A real listening socket on the port, as another program would have. */
    private static ServerSocket hold(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return socket;
    }

    /** A dashboard page as the admin sees it (the dashboard takes a token as well as its session cookie). */
    private static String page(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}

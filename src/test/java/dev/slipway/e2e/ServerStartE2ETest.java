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

    private static Exit run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ServerProcess.slipway(args)).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " kept running");
        }
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
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
}

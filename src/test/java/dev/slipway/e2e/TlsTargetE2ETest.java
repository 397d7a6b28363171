package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment bound to a Docker engine reached over tcp:// with --tlsverify (an engine of this class's own, its
 * certificates made by openssl), registered by an admin with the real CLI and the PEM files: a push runs there, the
 * engine client's TLS files sit in a private directory of the data directory while the server runs.
 */
class TlsTargetE2ETest extends E2E {
    static final String APP = "secure";
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www" ]
            environments:
              - name: staging
                branches: [ main ]
            """;
    static final String BUILD = """
            #!/bin/sh
            set -e
            mkdir -p rootfs/bin rootfs/www
            cp /bin/busybox rootfs/bin/busybox
            ln -sf busybox rootfs/bin/sh
            cp index.html rootfs/www/index.html
            """;

    @TempDir
    static Path tmp;
    static TestDocker engine;

    @BeforeAll
    static void aTlsEngineBoundToStaging() throws Exception {
        engine = TestDocker.startTls();
        startServer(tmp.resolve("data"));
        createApp(APP);
        TestDocker.Tls tls = engine.tls();
        CliRunner.Result added = cli.run("target", "add", "tls", "--docker", tls.host(),
                "--tls-ca", tls.client().resolve("ca.pem").toString(),
                "--tls-cert", tls.client().resolve("cert.pem").toString(),
                "--tls-key", tls.client().resolve("key.pem").toString());
        assertThat(added.exit()).as(added.err()).isZero();
        CliRunner.Result bound = cli.run("target", "bind", "tls", "--app", APP, "--env", "staging");
        assertThat(bound.exit()).as(bound.err()).isZero();
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopServer();
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void aPushRunsOnTheTlsEngineWhoseFilesArePrivateToTheServer() throws Exception {
        GitClient git = GitClient.init(tmp.resolve("repo"));
        git.write(".slipway.yml", PIPELINE);
        git.write("build.sh", BUILD);
        Files.setPosixFilePermissions(tmp.resolve("repo/build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        git.write("index.html", "over tls\n");
        git.commitAll("an image over TLS");
        JsonNode run = awaitRun(APP, pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        String digest = run.get("artifact").asText();

        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> engine.docker("ps", "--filter",
                "label=dev.slipway.app=" + APP, "--format", "{{.Label \"dev.slipway.digest\"}}").ok().out(),
                out -> out.contains(digest));
        awaitServing(APP, "staging", "over tls");

        List<Path> dirs;
        try (Stream<Path> listed = Files.list(tmp.resolve("data/engine-keys"))) {
            dirs = listed.toList();
        }
        assertThat(dirs).hasSize(1);
        assertThat(Files.getPosixFilePermissions(dirs.get(0))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dirs.get(0).resolve("key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}

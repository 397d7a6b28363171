package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Targets are an admin's word, not the repository's: the real CLI adds, lists, binds, shows and removes them
 * against the real server; an app's own admin is refused; and a pipeline file naming a target that is not bound to
 * its environment hears, at push time, the command an admin would run to bind it.
 */
class TargetsE2ETest extends OneServerE2E {

    @Test
    void anAdminRegistersAndBindsTargetsAndAPushMayOnlyNarrowThem() throws Exception {
        createApp("fleet");
        Path certs = Files.createDirectories(tmp.resolve("fleet-certs"));
        makeClientCertificate(certs);

        CliRunner.Result plain = cli.run("target", "add", "remote", "--docker", "tcp://127.0.0.1:2376");
        assertThat(plain.exit()).isNotZero();
        assertThat(plain.err()).contains("has no TLS").contains("--insecure");
        CliRunner.Result tls = cli.run("target", "add", "remote", "--docker", "tcp://127.0.0.1:2376",
                "--tls-ca", certs.resolve("ca.pem").toString(), "--tls-cert", certs.resolve("cert.pem").toString(),
                "--tls-key", certs.resolve("key.pem").toString(), "--label", "site=ber");
        assertThat(tls.exit()).as(tls.err()).isZero();
        CliRunner.Result local = cli.run("target", "add", "prod-a", "--docker", "unix:///run/fleet-a.sock",
                "--label", "site=ka");
        assertThat(local.exit()).as(local.err()).isZero();
        assertThat(local.out()).contains("target prod-a added").contains("slipway target bind prod-a");
        assertThat(cli.run("target", "list").out()).containsPattern("prod-a\\s+docker\\s+unix:///run/fleet-a.sock")
                .containsPattern("remote\\s+docker\\s+tcp://127.0.0.1:2376\\s+-\\s+TLS\\s+site=ber")
                .doesNotContain("PRIVATE KEY");

        CliRunner.Result bind = cli.run("target", "bind", "--label", "site=ka", "--app", "fleet", "--env", "production");
        assertThat(bind.exit()).as(bind.err()).isZero();
        assertThat(cli.run("target", "show", "prod-a").out()).contains("endpoint: unix:///run/fleet-a.sock")
                .containsPattern("fleet\\s+production\\s+label site=ka\\s+admin");

        // an admin of the app is not an admin of the machines
        String appAdmin = tokenFor("fleet-owner", "admin", "fleet");
        CliRunner.Result refused = cli.as(appAdmin).run("target", "bind", "remote", "--app", "fleet", "--env",
                "production");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("needs role admin on every app");
        assertThat(cli.as(appAdmin).run("target", "list").err()).contains("needs role admin on every app");

        // the file narrows to a target that is bound (prod-a, by its label) and one that is not (remote)
        GitClient git = exampleRepo(tmp.resolve("fleet"));
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        git.write(".slipway.yml", yml.replace("  - name: production\n", "  - name: production\n"
                + "    targets: [prod-a, remote]\n"));
        git.commitAll("production on two machines");
        GitClient.Result push = git.push(server.pushUrl("fleet"), "HEAD:refs/heads/main")
                .ok();
        assertThat(push.err()).contains("refused: production names target remote in targets:, not bound to "
                + "fleet/production (bound there: prod-a [site=ka])")
                .contains("`slipway target bind remote --app fleet --env production`")
                .doesNotContain("names targets prod-a");
        awaitRun("fleet", pushedRun(push));

        CliRunner.Result stillBound = cli.run("target", "remove", "prod-a");
        assertThat(stillBound.exit()).isNotZero();
        assertThat(stillBound.err()).contains("target 'prod-a' is bound")
                .contains("slipway target unbind --label site=ka --app fleet --env production");
        assertThat(cli.run("target", "unbind", "--label", "site=ka", "--app", "fleet", "--env", "production").exit())
                .isZero();
        CliRunner.Result removed = cli.run("target", "remove", "prod-a");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(cli.run("target", "list").out()).doesNotContain("prod-a").contains("remote");
        assertThat(cli.run("audit").out()).contains("target.added").contains("target.bound").contains("target.unbound")
                .contains("target.removed");
    }

    /** A CA and a client certificate signed by it, as an admin makes them for an engine started with --tlsverify. */
    private static void makeClientCertificate(Path dir) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=fleet-ca");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "client.csr", "-subj", "/CN=slipway");
        openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "cert.pem", "-days", "2");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }
}

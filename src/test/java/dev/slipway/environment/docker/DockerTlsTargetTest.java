package dev.slipway.environment.docker;

import dev.slipway.target.docker.TargetEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.testing.ServingImage;
import dev.slipway.testing.TestDocker;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker engine reached over tcp:// with --tlsverify and client certificates made with openssl (an engine of this
 * class's own): a target registered with those PEM files runs a container of an image from Slipway's registry,
 * pulled with the target's pull token, through {@link TargetEngine}; a client certificate another CA signed is
 * refused, and said so.
 */
class DockerTlsTargetTest {
    static final String ADMIN = "slw_dockertls.docker-tls-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TestDocker engine;
    static Slipway slipway;
    static Digest image;
    static String registry;

    @BeforeAll
    static void tlsEngineAndRegistry() throws Exception {
        engine = TestDocker.startTls();
        slipway = Slipway.start(new ServerConfig(tmp.resolve("server"), "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        registry = slipway.url().substring("http://".length());
        api("POST", "/api/v1/apps", Map.of("name", "app"));
        engine.docker("login", registry, "-u", "admin", "-p", ADMIN).ok();
        image = ServingImage.push(engine, tmp.resolve("image"), registry, "app", "one", "served over TLS");
        engine.docker("logout", registry).ok();
        TestDocker.Tls tls = engine.tls();
        // registered as an admin would: the PEM files openssl wrote are what `slipway target add` takes
        api("POST", "/api/v1/targets", Map.of("name", "tls-engine", "endpoint", tls.host(),
                "tls_ca", tls.pem(tls.client(), "ca.pem"), "tls_cert", tls.pem(tls.client(), "cert.pem"),
                "tls_key", tls.pem(tls.client(), "key.pem")));
        api("POST", "/api/v1/target-bindings", Map.of("app", "app", "environment", "staging", "target", "tls-engine"));
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
        if (engine != null) {
            engine.stop();
        }
    }

    @Test
    void aTargetOverTlsRunsAndStopsAContainerFromSlipwaysRegistryAndItsKeyDirectoryGoesWithIt() throws Exception {
        Path keys = tmp.resolve("keys");
        TargetEngine opened = TargetEngine.open(connection(engine.tls().client()), keys);
        Path dir = opened.tlsDirectory().orElseThrow();
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("ca.pem")).exists();
        assertThat(dir.resolve("cert.pem")).exists();
        assertThat(opened.check()).isEmpty();

        try (DockerTarget target = new DockerTarget("tls-engine", opened.engine(), slipway.pullCredential("tls-engine"),
                new PortAllocator(InetAddress.getLoopbackAddress()), tmp.resolve("environments"))) {
            RunningService service = target.start(start(1));
            try {
                assertThat(target.isAlive(service)).isTrue();
                assertThat(target.digest(service)).hasValue(image);
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(target.address(service) + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).isEqualTo("served over TLS\n");
            } finally {
                target.stop(service);
                target.discard("app", "staging", 1);
            }
            assertThat(target.isAlive(service)).isFalse();
            assertThat(engine.docker("ps", "-aq", "--filter", "label=dev.slipway.app=app").ok().out()).isBlank();
        } finally {
            opened.close();
            engine.docker("rmi", registry + "/app@" + image);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aClientCertificateAnotherCaSignedIsRefusedAndSaidSo() throws Exception {
        try (TargetEngine stranger = TargetEngine.open(connection(engine.tls().stranger()), tmp.resolve("keys"));
             DockerTarget target = new DockerTarget("tls-engine", stranger.engine(), slipway.pullCredential("tls-engine"),
                     new PortAllocator(InetAddress.getLoopbackAddress()), tmp.resolve("environments"))) {
            assertThat(stranger.check()).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("target 'tls-engine' (Docker engine " + engine.tls().host() + ") refused Slipway's client "
                            + "certificate")
                    .contains("signed by the CA it was started with"));
            // the target itself only sees the engine hang up (a RuntimeException: the deployment ERRORS, it is not the
            // user's fault); check() above is what says why
            assertThatThrownBy(() -> target.start(start(2))).isInstanceOf(RuntimeException.class);
        }
        assertThat(engine.docker("ps", "-aq", "--filter", "label=dev.slipway.app=app").ok().out()).isBlank();
    }

    private static TargetConnection connection(Path client) {
        TestDocker.Tls tls = engine.tls();
        return new TargetConnection("tls-engine", TargetKind.DOCKER, tls.host(), Optional.of(tls.pem(client, "ca.pem")),
                Optional.of(tls.pem(client, "cert.pem")), Optional.of(tls.pem(client, "key.pem")));
    }

    private static DeployTarget.Start start(long deployment) {
        return new DeployTarget.Start("app", "staging", deployment, image,
                new Launch("", "/healthz", Duration.ofSeconds(30), Map.of()), Map.of(), Set.of(), line -> { });
    }

    static void api(String method, String path, Map<String, String> body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    }
}

package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures against the real things: an engine that answers, a registry, the base image round trip, skopeo. */
class TestServicesTest {

    @Test
    void theEngineAnswers() {
        CommandResult info = TestDocker.get().docker("info", "--format", "{{.ServerVersion}} {{.DockerRootDir}}").ok();

        assertThat(TestDocker.get().host()).startsWith("unix:///");
        assertThat(info.out()).matches("\\d+\\.\\d+\\S* /\\S+\\s*");
    }

    @Test
    void theRegistrySpeaksTheDistributionApi() throws Exception {
        HttpResponse<String> base = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(TestRegistry.get().url() + "/v2/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(TestRegistry.get().address()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
    }

    @Test
    void theBaseImageIsInTheRegistryAndRunsAfterAPullByDigest() {
        TestDocker docker = TestDocker.get();
        BusyboxBase.Image base = BusyboxBase.get();
        docker.docker("rmi", base.reference()).ok();
        assertThat(docker.docker("image", "inspect", base.reference()).exitCode()).isNotZero();

        docker.docker("pull", base.byDigest()).ok();
        CommandResult ran = docker.docker("run", "--rm", "--network", "host", base.byDigest(),
                "/bin/sh", "-c", "echo \"hello from $(/bin/busybox uname -s)\"").ok();

        assertThat(base.reference()).isEqualTo(TestRegistry.get().address() + "/base/busybox:1");
        assertThat(base.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(ran.out()).isEqualTo("hello from Linux\n");
        assertThat(docker.docker("image", "inspect", "--format", "{{json .RepoDigests}}", base.byDigest()).ok().out())
                .contains(base.byDigest());
    }

    @Test
    void skopeoSeesTheDigestTheRegistryReportsAndCopiesItIntact(@TempDir Path dir) throws Exception {
        BusyboxBase.Image base = BusyboxBase.get();
        Skopeo skopeo = new Skopeo(dir);
        String copy = TestRegistry.get().address() + "/copies/busybox:" + dir.getFileName();

        String inspected = new ObjectMapper().readTree(skopeo.inspect(base.reference())).get("Digest").asText();
        skopeo.copy("docker://" + base.byDigest(), "docker://" + copy).ok();

        assertThat(inspected).isEqualTo(base.digest());
        assertThat(new ObjectMapper().readTree(skopeo.inspect(copy)).get("Digest").asText()).isEqualTo(base.digest());
    }

    @Test
    void anotherEngineRunsBesideTheSharedOneAndStopsByItsPidfile() {
        TestDocker other = TestDocker.startAnother();
        try {
            assertThat(other.host()).isNotEqualTo(TestDocker.get().host());
            other.docker("info").ok();
        } finally {
            other.stop();
        }

        assertThat(other.docker("info").exitCode()).isNotZero();
    }
}

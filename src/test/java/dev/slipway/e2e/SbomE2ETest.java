package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.CycloneDxTest;
import dev.slipway.artifact.Digest;
import dev.slipway.testing.TestDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A job that declares {@code sbom: target/bom.json} and writes the CycloneDX Maven plugin's kind of document: the
 * document is kept with the run's artifact, shown on the run page, downloaded byte for byte, and — for an image —
 * listed by the registry's referrers API; a document that is not CycloneDX fails the job and replaces nothing.
 */
class SbomE2ETest extends OneServerE2E {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSbomIsKeptWithTheArtifactShownAndDownloadedAsWritten() throws Exception {
        createApp("billed");
        GitClient git = GitClient.init(tmp.resolve("billed"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps:
                          - mkdir -p dist target
                          - echo hello > dist/app.txt
                          - cp bom.template.json target/bom.json
                        artifact: [ dist/ ]
                        sbom: target/bom.json
                """);
        git.write("bom.template.json", CycloneDxTest.MAVEN_BOM);
        git.commitAll("an app with an SBOM");
        JsonNode run = awaitRun("billed", pushedRun(git.push(server.pushUrl("billed"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).as(() -> run + "\n" + ImageE2ETest.log("billed", 1)).isEqualTo("SUCCEEDED");
        long number = run.get("number").asLong();
        assertThat(ImageE2ETest.log("billed", number)).contains("slipway: kept SBOM target/bom.json (CycloneDX 1.5, "
                + "3 components) with artifact " + run.get("artifact").asText());

        HttpResponse<byte[]> download = get("/api/v1/apps/billed/runs/" + number + "/sbom");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8));
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/vnd.cyclonedx+json"));
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"billed-" + number + "-package.cdx.json\"");
        assertThat(get("/api/v1/apps/billed/runs/" + number + "/sbom?job=lint").statusCode()).isEqualTo(404);
        CliRunner cli = new CliRunner(server.url());
        java.nio.file.Path saved = tmp.resolve("billed.cdx.json");
        CliRunner.Result written = cli.run("sbom", "billed", Long.toString(number), "-o", saved.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(saved).hasBinaryContent(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8));
        assertThat(cli.run("sbom", "billed", Long.toString(number)).out()).isEqualTo(CycloneDxTest.MAVEN_BOM);
        CliRunner.Result noSuchJob = cli.run("sbom", "billed", Long.toString(number), "--job", "lint");
        assertThat(noSuchJob.exit()).isNotZero();
        assertThat(noSuchJob.err()).contains("has no SBOM written by job 'lint'; jobs with one: package");

        String page = ImageE2ETest.uiPage("/ui/apps/billed/runs/" + number);
        assertThat(page).contains("<h2>SBOM</h2>").contains("from job <code>package</code>")
                .contains("describing <code>hello-service@1.0.0</code>").contains("CycloneDX 1.5, 3 components")
                .contains("<code>jackson-databind@2.22.4</code>").contains("<code>logback-classic@1.6.6</code>")
                .contains("<code>Apache-2.0</code>").contains("<code>MIT</code>")
                .contains("/ui/apps/billed/runs/" + number + "/sbom?job=package");
        HttpResponse<byte[]> fromPage = get("/ui/apps/billed/runs/" + number + "/sbom?job=package");
        assertThat(fromPage.body()).isEqualTo(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8));

        // an SPDX document instead: the job fails saying why, and the kept SBOM is not replaced
        git.write("bom.template.json", "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"billed\"}\n");
        git.commitAll("an SPDX document");
        JsonNode failed = awaitRun("billed", pushedRun(git.push(server.pushUrl("billed"), "HEAD:refs/heads/main").ok()));
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(ImageE2ETest.log("billed", failed.get("number").asLong()))
                .contains("sbom 'target/bom.json' is not a CycloneDX document: its bomFormat must be \"CycloneDX\"");
        assertThat(get("/api/v1/apps/billed/runs/" + number + "/sbom").body())
                .isEqualTo(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anImagesSbomIsItsReferrerInTheRegistry() throws Exception {
        createApp("boxed");
        GitClient git = GitClient.init(tmp.resolve("boxed"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps:
                          - mkdir -p rootfs && echo boxed > rootfs/hello.txt
                          - mkdir -p target && cp bom.template.json target/bom.json
                        image:
                          base: scratch
                          files: [ { from: "rootfs/", to: "/" } ]
                          cmd: [ "/hello" ]
                        sbom: target/bom.json
                """);
        git.write("bom.template.json", CycloneDxTest.MAVEN_BOM);
        git.commitAll("an image with an SBOM");
        JsonNode run = awaitRun("boxed", pushedRun(git.push(server.pushUrl("boxed"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).as(() -> run + "\n" + ImageE2ETest.log("boxed", 1)).isEqualTo("SUCCEEDED");
        String image = run.get("artifact").asText();

        HttpResponse<byte[]> referrers = registry("/v2/boxed/referrers/" + image);
        assertThat(referrers.statusCode()).isEqualTo(200);
        // the SBOM, and the image's signed provenance (ProvenanceE2ETest)
        JsonNode all = JSON.readTree(referrers.body()).get("manifests");
        assertThat(all).extracting(m -> m.get("artifactType").asText())
                .containsExactlyInAnyOrder("application/vnd.cyclonedx+json", "application/vnd.in-toto+json");
        JsonNode sbom = null;
        for (JsonNode m : all) {
            if (m.get("artifactType").asText().equals("application/vnd.cyclonedx+json")) {
                sbom = m;
            }
        }
        assertThat(sbom.get("annotations").get("dev.slipway.job").asText()).isEqualTo("package");
        String referrer = sbom.get("digest").asText();

        JsonNode manifest = JSON.readTree(registry("/v2/boxed/manifests/" + referrer).body());
        assertThat(manifest.get("subject").get("digest").asText()).isEqualTo(image);
        assertThat(manifest.get("config").get("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
        String layer = manifest.get("layers").get(0).get("digest").asText();
        assertThat(layer).isEqualTo(Digest.ofBytes(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(registry("/v2/boxed/blobs/" + layer).body())
                .isEqualTo(CycloneDxTest.MAVEN_BOM.getBytes(StandardCharsets.UTF_8));
        // the image itself is pulled as before, by a real client
        assertThat(registry("/v2/boxed/manifests/" + image).statusCode()).isEqualTo(200);
        String address = server.url().replaceFirst("^http://", "");
        TestDocker docker = TestDocker.get();
        docker.docker("login", address, "-u", "admin", "-p", ServerProcess.ADMIN_TOKEN).ok();
        try {
            assertThat(docker.docker("pull", address + "/boxed@" + image).ok().output()).contains(image);
        } finally {
            docker.docker("rmi", address + "/boxed@" + image);
            docker.docker("logout", address);
        }
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> registry(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:"
                        + ServerProcess.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}

package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.image.TestImages.TestImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication against the real distribution registry with an htpasswd file; the challenge parser. */
class RegistryAuthTest {
    @TempDir
    static Path registryDir;

    static DistributionRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = DistributionRegistry.withUser(registryDir, "ci", "s3cret:with-colon");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void rightCredentialsPushAndPull() throws Exception {
        RegistryClient client = RegistryClient.connect(registry.host,
                RegistryCredentials.parse("CREDS", "ci:s3cret:with-colon"));
        TestImage image = TestImages.image(dir.resolve("img"), "behind basic auth");
        image.blobs().forEach((digest, file) -> client.pushBlob("team/web", digest, file, Optional.empty()));

        client.pushManifest("team/web", "1", image.mediaType(), image.manifest());

        assertThat(client.manifest(ImageReference.parse(registry.host + "/team/web:1")).digest()).isEqualTo(image.digest());
        assertThat(registry.skopeoInspect(dir.resolve("skopeo"), "team/web@" + image.digest(), "ci:s3cret:with-colon"))
                .contains("\"Digest\": \"" + image.digest() + "\"");
    }

    @Test
    void noCredentialsSaysSomeAreNeeded() {
        RegistryClient client = RegistryClient.connect(registry.host, RegistryCredentials.none());

        assertThatThrownBy(() -> client.manifest(ImageReference.parse(registry.host + "/team/web:1")))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageContaining("asks for a user and password and none were given");
    }

    @Test
    void wrongCredentialsAreRefusedInTheRegistrysWords() {
        RegistryClient client = RegistryClient.connect(registry.host, new RegistryCredentials("ci", "wrong"));

        assertThatThrownBy(() -> client.hasBlob("team/web", RegistryClient.sha256(new byte[0])))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageStartingWith("registry " + registry.host + " refused a look-up of blob ")
                .hasMessageContaining("with the credentials given: ")
                .hasMessageEndingWith("(HTTP 401)")
                .satisfies(e -> assertThat(((ExternalRegistryException) e).status()).isEqualTo(401));
    }

    @Test
    void challengeParametersAreReadQuotedOrNot() {
        Map<String, String> params = new LinkedHashMap<>();
        String scheme = RegistryAuth.parse("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                + "scope=\"repository:team/web:pull,push repository:team/base:pull\",error=insufficient_scope", params);

        assertThat(scheme).isEqualTo("bearer");
        assertThat(params).containsEntry("realm", "https://auth.example.com/token")
                .containsEntry("service", "registry.example.com")
                .containsEntry("scope", "repository:team/web:pull,push repository:team/base:pull")
                .containsEntry("error", "insufficient_scope");
        assertThat(RegistryAuth.parse("Basic realm=\"x\"", new LinkedHashMap<>())).isEqualTo("basic");
    }

    @Test
    void credentialsAreUserColonPasswordAndNeverPrinted() {
        assertThat(RegistryCredentials.parse("C", "u:p:q")).isEqualTo(new RegistryCredentials("u", "p:q"));
        assertThat(new RegistryCredentials("u", "hidden").toString()).doesNotContain("hidden");
        assertThatThrownBy(() -> RegistryCredentials.parse("REG", "no-colon"))
                .hasMessageContaining("secret REG does not hold registry credentials: its value must be USER:PASSWORD")
                .hasMessageNotContaining("no-colon");
    }
}

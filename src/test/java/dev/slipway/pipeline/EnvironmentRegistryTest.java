package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An environment's {@code registry:}: where a deployed image is copied, with an app-wide secret for the login. */
class EnvironmentRegistryTest {
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n"
                    + "service: { command: x }\n";

    private static PipelineSpec parse(String yaml) throws PipelineException {
        return new PipelineParser().parse(STAGES + yaml);
    }

    @Test
    void registryToAndCredentials() throws Exception {
        PipelineSpec spec = parse("""
                environments:
                  - name: staging
                  - name: production
                    registry: { to: "127.0.0.1:5000/team/web", credentials: REGISTRY_LOGIN }
                  - name: qa
                    registry:
                      to: registry.example.com/web
                """);

        assertThat(spec.environments().get(0).registry()).isEmpty();
        RegistrySpec production = spec.environments().get(1).registry().orElseThrow();
        assertThat(production.to().registry()).isEqualTo("127.0.0.1:5000");
        assertThat(production.to().repository()).isEqualTo("team/web");
        assertThat(production.credentials()).contains("REGISTRY_LOGIN");
        assertThat(spec.environments().get(2).registry().orElseThrow().credentials()).isEmpty();
    }

    @Test
    void aBadReferenceIsTheReferencesOwnErrorAtItsPlace() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: { to: "web:1.0" }
                """))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining(".slipway.yml:5:21: ")
                .hasMessageContaining("'to' in registry of environment 'production': 'web:1.0' is not an image "
                        + "reference: it has no registry host")
                .hasMessageContaining("e.g. 127.0.0.1:5000/team/web:1.0");
    }

    @Test
    void aTagIsNotAPlaceToCopyTo() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: { to: "127.0.0.1:5000/team/web:latest" }
                """))
                .hasMessageContaining(".slipway.yml:5:21: ")
                .hasMessageContaining("is not a repository: leave out the tag and digest, Slipway adds them");
    }

    @Test
    void missingToUnknownKeysAndBadCredentialNamesAreSaid() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: { credentials: LOGIN }
                """))
                .hasMessageContaining(".slipway.yml:5:15: ").hasMessageContaining("'to'");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: { to: "127.0.0.1:5000/web", user: me }
                """))
                .hasMessageContaining("user");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: { to: "127.0.0.1:5000/web", credentials: "my-login" }
                """))
                .hasMessageContaining(".slipway.yml:5:")
                .hasMessageContaining("credentials (an app-wide secret's name) 'my-login' in environment 'production' is not allowed");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    registry: "127.0.0.1:5000/web"
                """))
                .hasMessageContaining(".slipway.yml:5:15: ")
                .hasMessageContaining("a mapping like { to:");
    }
}

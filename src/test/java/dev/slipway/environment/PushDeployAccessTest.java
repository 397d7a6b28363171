package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Access;
import dev.slipway.auth.Decision;
import dev.slipway.auth.Grant;
import dev.slipway.auth.GrantRepository;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A push deploys where the pusher's role reaches: a developer where unprotected, a releaser where protected. */
class PushDeployAccessTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String FILE = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps: [ { run: "true" } ]
                    artifact: [ "dist/" ]
            service:
              command: "./serve"
            environments:
              - name: staging
                branches: [ main ]
              - name: vault
                branches: [ main ]
                protected: true
              - name: production
                branches: [ main ]
            """;

    private final List<Grant> grants = new ArrayList<>();
    private final PushDeployAccess permission = new PushDeployAccess(new Access(new GrantRepository() {
        @Override
        public void put(Grant grant) {
            grants.add(grant);
        }

        @Override
        public List<Grant> of(String user) {
            return grants.stream().filter(g -> g.user().equals(user)).toList();
        }

        @Override
        public List<Grant> all() {
            return List.copyOf(grants);
        }
    }));

    @Test
    void aDeveloperDeploysWhereUnprotectedAndIsRefusedWhereTheFileOrTheNameProtects() throws Exception {
        grants.add(new Grant("devon", "hello", Role.DEVELOPER, T0));

        assertThat(permission.decide("devon", "hello", env("staging")).allowed()).isTrue();
        assertThat(permission.decide("devon", "hello", env("vault"))).isInstanceOfSatisfying(Decision.Refused.class,
                r -> assertThat(r.message()).isEqualTo("user 'devon' needs role releaser on app 'hello' to deploy to "
                        + "protected environment vault"));
        assertThat(permission.decide("devon", "hello", env("production")).allowed()).isFalse();
        assertThat(permission.decide("devon", "other", env("staging")).allowed()).as("a grant on another app").isFalse();
    }

    @Test
    void aReleaserDeploysEverywhere() throws Exception {
        grants.add(new Grant("rita", "hello", Role.RELEASER, T0));

        assertThat(permission.decide("rita", "hello", env("vault")).allowed()).isTrue();
        assertThat(permission.decide("rita", "hello", env("production")).allowed()).isTrue();
    }

    private static EnvironmentSpec env(String name) throws PipelineException {
        return new PipelineParser().parse(FILE).environment(name).orElseThrow();
    }
}

package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineParserTest {
    /** The example of PRODUCT.md section 3, verbatim. */
    static final String PRODUCT_EXAMPLE = """
            stages:                       # run in order; a failed stage stops the run
              - name: build
                jobs:
                  compile:
                    steps: [ { run: "./build.sh" } ]
                    artifact: [ "dist/" ]        # what becomes the run's artifact
              - name: test
                jobs:                           # jobs in a stage run in parallel
                  unit: { steps: [ { run: "./test.sh" } ], timeout: 10m }
                  lint: { steps: [ { run: "./lint.sh" } ] }
            service:                      # how the artifact runs on the local target
              command: "./dist/server --port $PORT"
              health: /healthz
            environments:
              - name: dev
                branches: [ "*", "!main" ]        # one ephemeral env per branch: dev-<branch-slug>
                ephemeral: true
              - name: staging
                branches: [ main ]
                verify: [ { run: "curl -fsS $SLIPWAY_URL/healthz" } ]
              - name: production
                tags: [ "v*" ]
                from: staging                    # only artifacts that passed staging
                approvals: { required: 1, role: releaser, not_author: true }
                strategy: bluegreen              # recreate | bluegreen
                swap: manual                     # manual | auto
                config: { GREETING: "hello from prod" }
            """;

    private final PipelineParser parser = new PipelineParser();

    @Test
    void parsesTheProductExample() throws PipelineException {
        PipelineSpec spec = parser.parse(PRODUCT_EXAMPLE);

        assertThat(spec.stages()).extracting(StageSpec::name).containsExactly("build", "test");
        JobSpec compile = spec.stages().get(0).jobs().get(0);
        assertThat(compile).isEqualTo(new JobSpec("compile", List.of(new StepSpec("./build.sh", "./build.sh")),
                Duration.ofMinutes(60), List.of("dist/")));
        assertThat(spec.stages().get(1).jobs()).extracting(JobSpec::name, JobSpec::timeout)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("unit", Duration.ofMinutes(10)),
                        org.assertj.core.groups.Tuple.tuple("lint", Duration.ofMinutes(60)));
        assertThat(spec.artifactJob()).contains(compile);
        assertThat(spec.service()).contains(new ServiceSpec("./dist/server --port $PORT", "/healthz", Duration.ofSeconds(30)));

        assertThat(spec.environments()).extracting(EnvironmentSpec::name).containsExactly("dev", "staging", "production");
        EnvironmentSpec dev = spec.environment("dev").orElseThrow();
        assertThat(dev.ephemeral()).isTrue();
        assertThat(dev.branches().patterns()).containsExactly("*", "!main");
        assertThat(dev.gated()).isFalse();
        assertThat(dev.isProtected()).isFalse();
        assertThat(dev.instanceName("feature/Login")).isEqualTo("dev-feature-login");

        EnvironmentSpec staging = spec.environment("staging").orElseThrow();
        assertThat(staging.verify()).containsExactly(
                new StepSpec("curl -fsS $SLIPWAY_URL/healthz", "curl -fsS $SLIPWAY_URL/healthz"));
        assertThat(staging.instanceName("main")).isEqualTo("staging");
        assertThat(staging.strategy()).isEqualTo(Strategy.RECREATE);

        EnvironmentSpec production = spec.environment("production").orElseThrow();
        assertThat(production).isEqualTo(new EnvironmentSpec("production", BranchPatterns.of(List.of()), List.of("v*"),
                false, Optional.of("staging"), Optional.of(new Approvals(1, "releaser", true)), Optional.empty(),
                Optional.empty(), true, Strategy.BLUEGREEN, SwapMode.MANUAL, Optional.empty(), Optional.empty(),
                List.of(), Map.of("GREETING", "hello from prod"), List.of()));
        assertThat(production.gated()).isTrue();
        assertThat(production.matchesTag("v1.2.0")).isTrue();
        assertThat(production.matchesTag("release-1")).isFalse();
    }

    @Test
    void routesBranchesAndTagsToEnvironmentsInFileOrder() throws PipelineException {
        PipelineSpec spec = parser.parse(PRODUCT_EXAMPLE);

        assertThat(spec.environmentsForBranch("main")).extracting(EnvironmentSpec::name).containsExactly("staging");
        assertThat(spec.environmentsForBranch("feature/x")).extracting(EnvironmentSpec::name).containsExactly("dev");
        assertThat(spec.environmentsForTag("v2")).extracting(EnvironmentSpec::name).containsExactly("production");
        assertThat(spec.environment("nope")).isEmpty();
    }

    @Test
    void restartIsOnFailureUnlessTheServiceOrAnEnvironmentSaysOtherwise() throws PipelineException {
        String stages = "stages: [ { name: b, jobs: { c: { steps: [ make ], artifact: [ dist/ ] } } } ]\n";
        PipelineSpec plain = parser.parse(stages + "service: { command: x }\nenvironments: [ { name: staging } ]\n");
        PipelineSpec set = parser.parse(stages + "service: { command: x, restart: always }\n"
                + "environments: [ { name: staging }, { name: production, restart: never } ]\n");

        ServiceSpec defaults = plain.service().orElseThrow();
        assertThat(defaults.restart()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(plain.environment("staging").orElseThrow().restartOf(defaults)).isEqualTo(RestartPolicy.ON_FAILURE);
        ServiceSpec service = set.service().orElseThrow();
        assertThat(service.restart()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(set.environment("staging").orElseThrow().restartOf(service)).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(set.environment("production").orElseThrow().restartOf(service)).isEqualTo(RestartPolicy.NEVER);
    }

    @Test
    void readsEveryKeyOfTheFileShape() throws PipelineException {
        PipelineSpec spec = parser.parse("""
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps: [ { run: "./build.sh", name: Build it }, "echo short form" ]
                        timeout: 1h30m
                        artifact: dist/
                service:
                  command: "./dist/server --port $PORT"
                  start_timeout: 45s
                environments:
                  - name: production
                    tags: "v*"
                    approvals: { required: 2 }
                    soak: 10m
                    ttl: 3d
                    protected: false
                    strategy: bluegreen
                    swap: auto
                    keep_warm: 10m
                    watch: 60s
                    config: { PORT_HINT: 8080, DEBUG: false, EMPTY: "", Octal: 010 }
                    secrets: [ DB_PASSWORD ]
                """);

        JobSpec compile = spec.artifactJob().orElseThrow();
        assertThat(compile.steps()).containsExactly(new StepSpec("Build it", "./build.sh"),
                new StepSpec("echo short form", "echo short form"));
        assertThat(compile.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(compile.artifactPaths()).containsExactly("dist/");
        assertThat(spec.service().orElseThrow().health()).isEqualTo("/");
        assertThat(spec.service().orElseThrow().startTimeout()).isEqualTo(Duration.ofSeconds(45));

        EnvironmentSpec production = spec.environments().get(0);
        assertThat(production.tags()).containsExactly("v*");
        assertThat(production.approvals()).contains(new Approvals(2, "releaser", false));
        assertThat(production.soak()).contains(Duration.ofMinutes(10));
        assertThat(production.ttl()).contains(Duration.ofDays(3));
        assertThat(production.isProtected()).isFalse();
        assertThat(production.swap()).isEqualTo(SwapMode.AUTO);
        assertThat(production.keepWarm()).contains(Duration.ofMinutes(10));
        assertThat(production.watch()).contains(Duration.ofSeconds(60));
        assertThat(production.config()).containsExactly(Map.entry("PORT_HINT", "8080"), Map.entry("DEBUG", "false"),
                Map.entry("EMPTY", ""), Map.entry("Octal", "010"));
        assertThat(production.secrets()).containsExactly("DB_PASSWORD");
        assertThat(production.gated()).isTrue();
    }

    @Test
    void aJobMayNameTheContainerItsStepsRunIn() throws PipelineException {
        PipelineSpec spec = parser.parse("""
                stages:
                  - name: build
                    jobs:
                      compile: { container: "registry.example.com:5000/build/jdk17:1.2", steps: [ mvn package ] }
                      plain: { steps: [ make ] }
                """);

        assertThat(spec.stages().get(0).jobs()).extracting(JobSpec::container)
                .containsExactly(java.util.Optional.of("registry.example.com:5000/build/jdk17:1.2"),
                        java.util.Optional.empty());
        assertThat(PipelineLint.summary(spec))
                .contains("job compile: runs in container registry.example.com:5000/build/jdk17:1.2 (on the executor "
                        + "an admin added)");
    }

    @Test
    void acceptsAPipelineWithoutEnvironmentsOrService() throws PipelineException {
        PipelineSpec spec = parser.parse("stages: [ { name: ci, jobs: { check: { steps: [ make check ] } } } ]\n");

        assertThat(spec.service()).isEmpty();
        assertThat(spec.environments()).isEmpty();
        assertThat(spec.artifactJob()).isEmpty();
        assertThat(spec.environmentsForBranch("main")).isEmpty();
    }

    @Test
    void allowsPromotionOnlyEnvironmentsAndProtectsProductionByDefault() throws PipelineException {
        PipelineSpec spec = parser.parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ out ] } } } ]
                service: { command: ./out/app }
                environments:
                  - name: production
                  - name: qa
                """);

        EnvironmentSpec production = spec.environment("production").orElseThrow();
        assertThat(production.isProtected()).isTrue();
        assertThat(production.gated()).isFalse();
        assertThat(production.branches().isEmpty()).isTrue();
        assertThat(spec.environment("qa").orElseThrow().isProtected()).isFalse();
        assertThat(spec.environmentsForBranch("main")).isEmpty();
    }

    @Test
    void namesAStepAfterTheFirstLineOfItsCommandCutTo60CharactersWithAnEllipsis() throws PipelineException {
        String longLine = "echo " + "x".repeat(80);
        PipelineSpec spec = parser.parse("""
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps:
                          - run: |
                              ./configure
                              make
                          - "%s"
                """.formatted(longLine));

        List<StepSpec> steps = spec.stages().get(0).jobs().get(0).steps();
        assertThat(steps.get(0).name()).isEqualTo("./configure …");
        assertThat(steps.get(0).run()).isEqualTo("./configure\nmake\n");
        assertThat(steps.get(1).name()).hasSize(60).isEqualTo(longLine.substring(0, 59) + "…");
    }

    @Test
    void returnsImmutableSpecs() throws PipelineException {
        PipelineSpec spec = parser.parse(PRODUCT_EXAMPLE);

        assertThat(spec.stages()).isUnmodifiable();
        assertThat(spec.stages().get(0).jobs().get(0).steps()).isUnmodifiable();
        assertThat(spec.environment("production").orElseThrow().config()).isUnmodifiable();
    }
}

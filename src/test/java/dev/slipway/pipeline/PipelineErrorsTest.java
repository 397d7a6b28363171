package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken file is refused with the line and column to look at and what was expected there. */
class PipelineErrorsTest {
    /** Line 1: a valid stage whose job declares the artifact. */
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n";
    /** Lines 1-2: enough for environments to be allowed; they start at line 3. */
    private static final String DEPLOYABLE = STAGES + "service: { command: ./dist/app }\n";

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                // unknown keys, at every level
                arguments("unknown top-level key", STAGES + "stage: x\n",
                        "2:1", "unknown key 'stage' in the file (did you mean 'stages'?); expected one of: stages, service, environments"),
                arguments("unknown stage key", """
                        stages:
                          - name: build
                            job: {}
                        """, "3:5", "unknown key 'job' in stage 'build'"),
                arguments("unknown job key", """
                        stages:
                          - name: build
                            jobs:
                              compile:
                                step: [ make ]
                        """, "5:9", "unknown key 'step' in job 'compile' (did you mean 'steps'?); expected one of: steps, timeout, artifact"),
                arguments("unknown step key", """
                        stages:
                          - name: build
                            jobs:
                              compile:
                                steps:
                                  - { run: make, nme: x }
                        """, "6:26", "unknown key 'nme' in step 1 of 'steps' in job 'compile'"),
                arguments("unknown service key", STAGES + "service:\n  command: x\n  healthz: /h\n",
                        "4:3", "unknown key 'healthz' in service (did you mean 'health'?)"),
                arguments("unknown environment key", DEPLOYABLE + "environments:\n  - name: dev\n    branch: [ main ]\n",
                        "5:5", "unknown key 'branch' in environment 'dev' (did you mean 'branches'?)"),
                arguments("unknown approvals key", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { required: 1, rol: admin }\n",
                        "5:31", "unknown key 'rol' in approvals of environment 'prod'"),

                // wrong types
                arguments("top level is a list", "- a\n- b\n", "1:1", "the file must be a mapping"),
                arguments("top level is text", "hello\n", "1:1", "got 'hello'"),
                arguments("stages is text", "stages: build\n", "1:9", "'stages' must be a list of stages"),
                arguments("jobs is a list", """
                        stages:
                          - name: build
                            jobs: [ compile ]
                        """, "3:11", "'jobs' in stage 'build' must be a mapping of job name to job"),
                arguments("steps is text", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: make }
                        """, "4:25", "'steps' in job 'compile' must be a list of steps"),
                arguments("job is empty", """
                        stages:
                          - name: build
                            jobs:
                              compile:
                        """, "4:7", "job 'compile' must be a mapping with 'steps', got nothing"),
                arguments("step is a list", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: [ [ make ] ] }
                        """, "4:27", "step 1 of 'steps' in job 'compile' must be a command or a mapping"),
                arguments("ephemeral is a string", DEPLOYABLE + "environments:\n  - name: dev\n    branches: \"*\"\n    ephemeral: \"yes\"\n",
                        "6:16", "'ephemeral' in environment 'dev' must be true or false, got 'yes'"),
                arguments("required approvals is text", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { required: one }\n",
                        "5:28", "'required' in approvals of environment 'prod' must be a whole number, got 'one'"),
                arguments("config value is a list", DEPLOYABLE + "environments:\n  - name: prod\n    config: { A: [ 1 ] }\n",
                        "5:18", "config value 'A' in environment 'prod' must be a string, number or boolean, got a list"),
                arguments("unknown strategy", DEPLOYABLE + "environments:\n  - name: prod\n    strategy: blue-green\n",
                        "5:15", "'strategy' in environment 'prod' must be one of recreate, bluegreen, got 'blue-green'"),
                arguments("environments is empty", DEPLOYABLE + "environments:\n",
                        "3:1", "'environments' must be a list of environments, each with a 'name', got nothing"),
                arguments("environments is a mapping", DEPLOYABLE + "environments:\n  dev: {}\n",
                        "4:3", "'environments' must be a list of environments"),

                // missing required keys
                arguments("no stages", "service: { command: x }\n", "1:1", "the file is missing required key 'stages'"),
                arguments("stage without name", """
                        stages:
                          - jobs:
                              compile: { steps: [ make ] }
                        """, "2:5", "stage 1 is missing required key 'name'"),
                arguments("job without steps", """
                        stages:
                          - name: build
                            jobs:
                              compile: { timeout: 5m }
                        """, "4:16", "job 'compile' is missing required key 'steps'"),
                arguments("step without run", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: [ { name: compile } ] }
                        """, "4:27", "step 1 of 'steps' in job 'compile' is missing required key 'run'"),
                arguments("service without command", STAGES + "service:\n  health: /h\n",
                        "3:3", "service is missing required key 'command'"),
                arguments("environment without name", DEPLOYABLE + "environments:\n  - branches: [ main ]\n",
                        "4:5", "environment is missing required key 'name'"),
                arguments("approvals without required", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { role: admin }\n",
                        "5:16", "approvals of environment 'prod' is missing required key 'required'"),
                arguments("empty steps", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: [] }
                        """, "4:25", "'steps' in job 'compile' must be a list of at least one step"),
                arguments("empty stages", "stages: []\n", "1:9", "'stages' must list at least one stage"),
                arguments("empty jobs", "stages:\n  - name: build\n    jobs: {}\n", "3:11", "'jobs' in stage 'build' must define at least one job"),

                // durations
                arguments("timeout in words", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: [ make ], timeout: 10 minutes }
                        """, "4:44", "'timeout' in job 'compile' must be a duration like 30s, 10m, 1h30m or 1d (units: ms, s, m, h, d), got '10 minutes'"),
                arguments("soak without unit", DEPLOYABLE + "environments:\n  - name: prod\n    soak: 10\n",
                        "5:11", "'soak' in environment 'prod' must be a duration like 30s, 10m, 1h30m or 1d (units: ms, s, m, h, d), got '10'"),
                arguments("zero timeout", "stages: [ { name: b, jobs: { c: { steps: [ make ], timeout: 0s } } } ]\n",
                        "1:61", "'timeout' in job 'c' must be longer than zero"),
                arguments("bad start_timeout", STAGES + "service: { command: x, start_timeout: soon }\n",
                        "2:39", "'start_timeout' in service must be a duration"),

                // restart policies
                arguments("misspelt service restart", STAGES + "service: { command: x, restart: on_failure }\n",
                        "2:33", "'restart' in service must be one of on-failure, always, never, got 'on_failure'"
                                + " (did you mean 'on-failure'?)"),
                arguments("restart as a boolean", DEPLOYABLE + "environments:\n  - name: prod\n    restart: false\n",
                        "5:14", "'restart' in environment 'prod' must be one of on-failure, always, never, got"),

                // names
                arguments("upper-case stage name", "stages:\n  - name: Build\n    jobs: { c: { steps: [ make ] } }\n",
                        "2:11", "stage name 'Build' is not allowed; use lowercase letters, digits, '_' and '-'"),
                arguments("upper-case job name", "stages:\n  - name: build\n    jobs:\n      Compile: { steps: [ make ] }\n",
                        "4:7", "job name 'Compile' is not allowed"),
                arguments("environment name with '_'", DEPLOYABLE + "environments:\n  - name: Prod_1\n",
                        "4:11", "environment name 'Prod_1' is not allowed; use 1 to 40 lowercase letters"),
                arguments("environment name too long", DEPLOYABLE + "environments:\n  - name: " + "a".repeat(41) + "\n",
                        "4:11", "environment name '" + "a".repeat(41) + "' is not allowed"),
                arguments("config name with '-'", DEPLOYABLE + "environments:\n  - name: prod\n    config: { my-var: 1 }\n",
                        "5:15", "config name 'my-var' in environment 'prod' is not allowed"),
                arguments("secret name with a space", DEPLOYABLE + "environments:\n  - name: prod\n    secrets: [ DB PASSWORD ]\n",
                        "5:16", "secret name 'DB PASSWORD' in environment 'prod' is not allowed"),

                // uniqueness
                arguments("duplicate job name", """
                        stages:
                          - name: build
                            jobs:
                              compile: { steps: [ make ] }
                          - name: test
                            jobs:
                              compile: { steps: [ make ] }
                        """, "7:7", "job name 'compile' is already used in stage 'build'; job names must be unique across the pipeline"),
                arguments("duplicate stage name", """
                        stages:
                          - name: build
                            jobs: { a: { steps: [ make ] } }
                          - name: build
                            jobs: { b: { steps: [ make ] } }
                        """, "4:11", "stage name 'build' is already used at line 2"),
                arguments("duplicate environment name", DEPLOYABLE + "environments:\n  - name: dev\n  - name: dev\n",
                        "5:11", "environment name 'dev' is already used at line 4"),
                arguments("two artifact jobs", """
                        stages:
                          - name: build
                            jobs:
                              a: { steps: [ make ], artifact: [ dist/ ] }
                              b: { steps: [ make ], artifact: [ out/ ] }
                        """, "5:29", "job 'b' declares 'artifact', but job 'a' (line 4) already does"),
                arguments("duplicate key", "stages:\n  - name: a\n    name: b\n",
                        "3:5", "duplicate key 'name' (first written at line 2)"),
                arguments("secret listed twice", DEPLOYABLE + "environments:\n  - name: prod\n    secrets: [ A, A ]\n",
                        "5:19", "secret 'A' is listed twice"),
                arguments("secret also in config", DEPLOYABLE + "environments:\n  - name: prod\n    config: { A: 1 }\n    secrets: [ A ]\n",
                        "6:16", "'A' is both in 'config' and in 'secrets'"),

                // from:
                arguments("unknown from", DEPLOYABLE + """
                        environments:
                          - name: dev
                            branches: [ "*" ]
                            ephemeral: true
                          - name: staging
                            branches: [ main ]
                          - name: production
                            from: stagign
                        """, "10:11", "environment 'production' has from: 'stagign', but no environment has that name (known: dev, staging); did you mean 'staging'?"),
                arguments("from itself", DEPLOYABLE + "environments:\n  - name: prod\n    from: prod\n",
                        "5:11", "has from: 'prod', itself"),
                arguments("from loop", DEPLOYABLE + "environments:\n  - name: a\n    from: b\n  - name: b\n    from: a\n",
                        "5:11", "'from' links form a loop (a <- b <- a)"),

                // artifact paths
                arguments("absolute artifact path", "stages: [ { name: b, jobs: { c: { steps: [ make ], artifact: [ /dist ] } } } ]\n",
                        "1:64", "artifact path '/dist' must be relative to the job's workspace"),
                arguments("artifact path leaving the workspace", "stages: [ { name: b, jobs: { c: { steps: [ make ], artifact: [ dist/../.. ] } } } ]\n",
                        "1:64", "artifact path 'dist/../..' must stay inside the job's workspace"),
                arguments("artifact glob that cannot be read", "stages: [ { name: b, jobs: { c: { steps: [ make ], artifact: [ \"target/[a-\" ] } } } ]\n",
                        "1:64", "artifact path 'target/[a-' is not a valid pattern"),
                arguments("pass in the last stage", "stages: [ { name: b, jobs: { c: { steps: [ make ], pass: [ target/ ] } } } ]\n",
                        "1:52", "a job of the last stage ('b') passes files, but no later stage can use them"),
                arguments("pass with a wildcard", "stages: [ { name: b, jobs: { c: { steps: [ make ], pass: [ \"t/*.jar\" ] } } }, { name: t, jobs: { u: { steps: [ x ] } } } ]\n",
                        "1:60", "pass path 't/*.jar' has a wildcard"),
                arguments("pass of the whole workspace", "stages: [ { name: b, jobs: { c: { steps: [ make ], pass: [ ./ ] } } }, { name: t, jobs: { u: { steps: [ x ] } } } ]\n",
                        "1:60", "pass path './' names the whole workspace or its .git"),
                arguments("cache path absolute", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"/root/.m2\" ] } } } ]\n",
                        "1:61", "cache path '/root/.m2' is absolute"),
                arguments("cache path with ..", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"~/../etc\" ] } } } ]\n",
                        "1:61", "cache path '~/../etc' must stay inside the job's HOME; '..' is not allowed"),
                arguments("cache path of another user", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"~root/.m2\" ] } } } ]\n",
                        "1:61", "must start with '~/' for the job's HOME"),
                arguments("cache of the whole HOME", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"~/\" ] } } } ]\n",
                        "1:61", "cache path '~/' names the whole HOME"),
                arguments("cache path with a wildcard", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"lib/*\" ] } } } ]\n",
                        "1:61", "has a wildcard"),
                arguments("cache of the checkout's .git", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \".git/objects\" ] } } } ]\n",
                        "1:61", "is the checkout's .git or Slipway's own directory"),
                arguments("cache paths inside each other", "stages: [ { name: b, jobs: { c: { steps: [ make ], cache: [ \"~/.m2\", \"~/.m2/repository\" ] } } } ]\n",
                        "1:70", "cache path '~/.m2/repository' overlaps '~/.m2' (line 1)"),
                arguments("empty artifact list", "stages: [ { name: b, jobs: { c: { steps: [ make ], artifact: [] } } } ]\n",
                        "1:62", "'artifact' in job 'c' must be a list of at least one path"),

                // cross-field rules
                arguments("environments without service", STAGES + "environments:\n  - name: dev\n",
                        "2:1", "environments need to know how to run the artifact; add a 'service:' section"),
                arguments("environments without artifact",
                        "stages: [ { name: b, jobs: { c: { steps: [ make ] } } } ]\nservice: { command: x }\nenvironments: [ { name: dev } ]\n",
                        "3:1", "environments need an artifact to deploy, but no job declares one; add artifact:"),
                arguments("environments without either",
                        "stages: [ { name: b, jobs: { c: { steps: [ make ] } } } ]\nenvironments: [ { name: dev } ]\n",
                        "2:1", "environments need an artifact and a service to run it"),
                arguments("ephemeral without branches", DEPLOYABLE + "environments:\n  - name: dev\n    ephemeral: true\n",
                        "5:5", "environment 'dev' is ephemeral (one environment per branch) but has no 'branches'"),
                arguments("ephemeral with tags", DEPLOYABLE + "environments:\n  - name: dev\n    branches: \"*\"\n    tags: \"v*\"\n    ephemeral: true\n",
                        "6:5", "'tags' cannot be used in environment 'dev', which is ephemeral"),
                arguments("only exclusions", DEPLOYABLE + "environments:\n  - name: dev\n    branches: [ \"!main\" ]\n",
                        "5:15", "only has '!' patterns, which exclude but never include, so it matches nothing"),
                arguments("bare exclusion", DEPLOYABLE + "environments:\n  - name: dev\n    branches: [ \"*\", \"!\" ]\n",
                        "5:22", "pattern '!' in 'branches' of environment 'dev' excludes nothing"),
                arguments("health without slash", STAGES + "service: { command: x, health: healthz }\n",
                        "2:32", "'health' in service must be a path starting with '/', e.g. /healthz, got 'healthz'"),
                arguments("unknown health key", STAGES + "service: { command: x, health: { path: /ready, livenes: /live } }\n",
                        "2:48", "unknown key 'livenes' in health of service (did you mean 'liveness'?); expected one of: path, liveness"),
                arguments("liveness without slash", STAGES + "service: { command: x, health: { path: /ready, liveness: live } }\n",
                        "2:58", "'liveness' in health of service must be a path starting with '/', e.g. /healthz, got 'live'"),
                arguments("readiness path without slash", STAGES + "service: { command: x, health: { path: ready } }\n",
                        "2:40", "'path' in health of service must be a path starting with '/', e.g. /healthz, got 'ready'"),
                arguments("health map without path", STAGES + "service: { command: x, health: { liveness: /live } }\n",
                        "2:32", "health of service is missing required key 'path'"),
                arguments("health is a list", STAGES + "service: { command: x, health: [ /a ] }\n",
                        "2:32", "'health' in service must be a path like /healthz or a mapping like { path: /ready, liveness: /live }"),
                arguments("negative stop grace", STAGES + "service: { command: x, stop_grace: -5s }\n",
                        "2:36", "'stop_grace' in service must be a duration of 0s or more (it cannot be negative), like 30s"),
                arguments("negative stop grace of an environment", DEPLOYABLE + "environments:\n  - name: prod\n    stop_grace: -1s\n",
                        "5:17", "'stop_grace' in environment 'prod' must be a duration of 0s or more (it cannot be negative)"),
                arguments("stop grace that is not a duration", STAGES + "service: { command: x, stop_grace: soon }\n",
                        "2:36", "'stop_grace' in service must be a duration like 30s"),
                arguments("no approvals required", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { required: 0 }\n",
                        "5:28", "'required' in approvals of environment 'prod' must be at least 1, got 0"),
                arguments("negative approvals required", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { required: -1 }\n",
                        "5:28", "must be at least 1, got -1"),
                arguments("unknown role", DEPLOYABLE + "environments:\n  - name: prod\n    approvals: { required: 1, role: boss }\n",
                        "5:37", "'role' in approvals of environment 'prod' must be one of viewer, developer, deployer, releaser, admin, got 'boss'"),
                arguments("swap without blue/green", DEPLOYABLE + "environments:\n  - name: prod\n    swap: auto\n",
                        "5:5", "'swap' in environment 'prod' only applies to blue/green deployments; add strategy: bluegreen"),

                // container: the image a job's steps run in
                arguments("container with upper case", """
                        stages:
                          - name: build
                            jobs:
                              compile:
                                container: Maven:3
                                steps: [ mvn package ]
                        """, "5:20", "'Maven:3' (the container of job 'compile') is not an image name a Docker engine takes"),
                arguments("container as a mapping", """
                        stages:
                          - name: build
                            jobs:
                              compile:
                                container: { image: maven }
                                steps: [ mvn package ]
                        """, "5:20", "'container' in job 'compile' must be the image its steps run in"),

                // YAML syntax
                arguments("tab indentation", "stages:\n\t- name: build\n", "2:1", "tab character in indentation; indent YAML with spaces only"),
                arguments("tab after spaces", "stages:\n  - name: build\n  \tjobs: {}\n", "3:3", "tab character"),
                arguments("unclosed quote", "stages:\n  - name: \"build\n    jobs: {}\n", "2:11", "the quoted value starting here is never closed"),
                arguments("bad escape in quotes", "stages: \"a\\qb\"\n", "1:12", "invalid YAML: found unknown escape character"),
                arguments("unclosed list", "stages: [ a, b\n", "1:9", "the list opened here with '[' is never closed"),
                arguments("unclosed mapping", "stages:\n  - { name: a\n", "2:5", "the mapping opened here with '{' is never closed"),
                arguments("colon in plain value", "stages:\n  - name: build: fast\n", "2:16", "unexpected ':' here; put the value in quotes"),
                arguments("bad indentation", "stages:\n  - name: build\n   jobs: {}\n", "3:4", "bad indentation"),
                arguments("reserved character", "stages: @all\n", "1:9", "a value cannot start with '@'; put the value in quotes"),
                arguments("empty file", "", "1:1", "the file is empty"),
                arguments("only comments", "# nothing yet\n", "1:1", "the file is empty"),
                arguments("two documents", STAGES + "---\nstages: []\n", "3:1", "only one YAML document is allowed"),
                arguments("alias", "stages: &s []\nservice: *s\n", "2:10", "YAML aliases (*s) are not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void refusesWithLocationAndExpectation(String description, String yaml, String lineColumn, String phrase) {
        PipelineException error = catchThrowableOfType(PipelineException.class, () -> new PipelineParser().parse(yaml));

        assertThat(error).as("expected a PipelineException for: %s", description).isNotNull();
        assertThat(error.getMessage()).startsWith(".slipway.yml:" + lineColumn + ": ").contains(phrase);
    }

    @Test
    void exposesTheLocationAndTheProblemSeparately() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> new PipelineParser().parse("stages:\n  - name: build\n    jobs:\n      compile:\n        step: [ make ]\n"));

        assertThat(error.file()).isEqualTo(".slipway.yml");
        assertThat(error.line()).isEqualTo(5);
        assertThat(error.column()).isEqualTo(9);
        assertThat(error.problem()).startsWith("unknown key 'step'");
        assertThat(error.getMessage()).isEqualTo(".slipway.yml:5:9: " + error.problem());
    }
}

package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.artifact.LayerPath;
import dev.slipway.image.ImageRecipe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's image: — the example of the issue, pushed images, and every mistake told at line:column. */
class ImageSpecTest {
    private static final String EXAMPLE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]       # writes rootfs/
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www" ]
            environments:
              - name: staging
            """;

    private static PipelineSpec parse(String yaml) throws PipelineException {
        return new PipelineParser().parse(yaml);
    }

    private static String job(String image) {
        return "stages: [ { name: build, jobs: { package: { steps: [ make ], image: " + image + " } } } ]\n";
    }

    @Test
    void theIssuesExampleIsAnImageThatSaysItselfHowItRuns() throws Exception {
        PipelineSpec spec = parse(EXAMPLE);
        JobSpec job = spec.artifactJob().orElseThrow();
        ImageRecipe recipe = job.image().orElseThrow();
        assertThat(job.producesImage()).isTrue();
        assertThat(recipe.base().isScratch()).isTrue();
        assertThat(recipe.files()).containsExactly(new LayerPath("rootfs/", "/"));
        assertThat(recipe.cmd()).containsExactly("/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www");
        assertThat(recipe.entrypoint()).isNull();
        assertThat(spec.service()).isPresent(); // no service: needed, the image runs its own cmd
    }

    @Test
    void lintSaysWhatTheImageIsAndThatItRunsItsOwnCommand() throws Exception {
        assertThat(PipelineLint.summary(parse(EXAMPLE))).contains(
                "artifact: an image built by job package on scratch from rootfs/ -> /",
                "service: the image's own command (health /)");
        assertThat(PipelineLint.summary(parse(job("{ pushed: worker }"))))
                .contains("artifact: the image job package pushes to APP/worker with the run's registry credentials");
    }

    @Test
    void everySettingIsReadInFileOrder() throws Exception {
        ImageRecipe recipe = parse(job("""
                { base: { image: "127.0.0.1:5000/base/busybox:1", credentials: BASE_CREDS }, files: [ app.jar,
                  { from: "target/*.jar", to: "/opt/" } ], entrypoint: [ java, -jar ], cmd: [ app.jar ],
                  env: { B: "2", A: "1" }, workdir: /opt, user: "1000", port: 8080, labels: { team: web } }""")).artifactJob()
                .orElseThrow().image().orElseThrow();
        assertThat(recipe.base().reference()).isEqualTo("127.0.0.1:5000/base/busybox:1");
        assertThat(recipe.base().isExternal()).isTrue();
        assertThat(recipe.base().credentials()).contains("BASE_CREDS");
        assertThat(recipe.files()).containsExactly(new LayerPath("app.jar", "/app.jar"), new LayerPath("target/*.jar", "/opt/"));
        assertThat(recipe.env().keySet()).containsExactly("B", "A");
        assertThat(recipe.workdir()).contains("/opt");
        assertThat(recipe.user()).contains("1000");
        assertThat(recipe.port()).hasValue(8080);
        assertThat(recipe.labels()).isEqualTo(Map.of("team", "web"));
    }

    @Test
    void aPushedImageNamesItsRepositoryUnderTheApp() throws Exception {
        assertThat(parse(job("{ pushed: worker }")).artifactJob().orElseThrow().image().orElseThrow().repository("web"))
                .isEqualTo("web/worker");
        assertThat(parse(job("{ pushed: true }")).artifactJob().orElseThrow().image().orElseThrow().repository("web"))
                .isEqualTo("web");
    }

    @Test
    void mistakesAreToldWhereTheyAre() {
        assertError(job("{ pushed: worker, cmd: [ x ] }"), "1:87", "'cmd' has no meaning next to 'pushed'");
        assertError(job("{ pushed: Worker }"), "1:79", "a repository name of lowercase letters");
        assertError(job("{ files: [ rootfs/ ] }"), "1:69", "has nothing to run");
        assertError(job("{ cmd: [ x ] }"), "1:69", "is empty");
        assertError(job("{ files: [ a ], cmd: \"httpd -f\" }"), "1:90", "a list (exec form)");
        assertError(job("{ files: [ { from: ../x, to: / } ], cmd: [ x ] }"), "1:88", "without '..'");
        assertError(job("{ files: [ { from: x, to: app } ], cmd: [ x ] }"), "1:95", "an absolute path");
        assertError(job("{ files: [ x ], cmd: [ x ], port: 70000 }"), "1:103", "from 1 to 65535");
        assertError(job("{ files: [ x ], cmd: [ x ], env: { 1A: x } }"), "1:104", "not a valid variable name");
        assertError(job("{ base: \"Not Valid\", cmd: [ x ] }"), "1:77", "not a valid image reference");
        assertError(job("{ files: [ x ], cmd: [ x ], entrypiont: [ x ] }"), "1:97", "did you mean 'entrypoint'");
        assertError("stages: [ { name: build, jobs: { package: { steps: [ make ], artifact: [ dist/ ], image: { pushed: true } } } } ]\n",
                "1:83", "keep either 'artifact' or 'image'");
        assertError("stages: [ { name: a, jobs: { one: { steps: [ make ], image: { pushed: true } } } },"
                + " { name: b, jobs: { two: { steps: [ make ], image: { pushed: x } } } } ]\n", "1:128",
                "is declared by job 'one'");
    }

    private static void assertError(String yaml, String at, String text) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(PipelineException.class)
                .hasMessageContaining(text).satisfies(e -> assertThat(e.getMessage()).contains(".slipway.yml:" + at + ":"));
    }
}

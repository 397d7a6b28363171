package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** An environment's {@code deploy: { manifests: DIR }}: a directory inside the repository, checked where written. */
class EnvironmentDeployTest {
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n"
                    + "service: { command: x }\n"
                    + "environments:\n"
                    + "  - name: production\n";

    private static PipelineSpec parse(String environment) throws PipelineException {
        return new PipelineParser().parse(STAGES + environment);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            k8s/            | k8s
            k8s             | k8s
            ./k8s/          | k8s
            deploy/k8s//    | deploy/k8s
            .k8s            | .k8s
            deploy/k8s-prod | deploy/k8s-prod
            """)
    void theDirectoryIsKeptRelativeWithoutItsTrailingSlash(String written, String dir) throws Exception {
        EnvironmentSpec env = parse("    deploy: { manifests: \"" + written + "\" }\n").environments().get(0);
        assertThat(env.deploy()).contains(new DeploySpec(dir));
        assertThat(env.deploy().orElseThrow().manifestsShown()).isEqualTo(dir + "/");
    }

    @Test
    void withoutDeployThereAreNoManifests() throws Exception {
        assertThat(parse("    branches: [ main ]\n").environments().get(0).deploy()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an absolute path    | deploy: { manifests: /etc/k8s }          | 5:26: 'manifests' in deploy of environment 'production' is '/etc/k8s', an absolute path; write a directory inside the repository
            a drive letter      | deploy: { manifests: "C:/k8s" }          | 5:26: 'manifests' in deploy of environment 'production' is 'C:/k8s', an absolute path
            going up            | deploy: { manifests: ../other/k8s }      | 5:26: 'manifests' in deploy of environment 'production' is '../other/k8s', which has '..' in it
            going up inside     | deploy: { manifests: k8s/../../etc }     | 5:26: which has '..' in it
            a backslash         | deploy: { manifests: 'k8s\\prod' }       | 5:26: which has a '\\'; separate directories with '/'
            the root            | deploy: { manifests: ./ }                | 5:26: 'manifests' in deploy of environment 'production' is './', the repository's root
            a dot in the middle | deploy: { manifests: k8s/./prod }        | 5:26: which has '.' in it
            an empty part       | deploy: { manifests: k8s//prod }         | 5:26: which has an empty part ('//')
            no manifests        | deploy: { }                              | 5:13: deploy of environment 'production' is missing required key 'manifests'
            an empty value      | deploy: { manifests: "" }                | 5:26: 'manifests' in deploy of environment 'production' must be a non-empty string, got an empty string
            a list              | deploy: { manifests: [ a, b ] }          | 5:26: 'manifests' in deploy of environment 'production' must be a non-empty string, got a list
            an unknown key      | deploy: { manifests: k8s/, kustomize: true } | 5:32: unknown key 'kustomize' in deploy of environment 'production'; expected one of: manifests
            a near miss         | deploy: { manifest: k8s/ }               | 5:15: unknown key 'manifest' in deploy of environment 'production' (did you mean 'manifests'?)
            not a mapping       | deploy: k8s/                             | 5:13: 'deploy' in environment 'production' must be a mapping like { manifests: k8s/ }
            """)
    void aBadDirectoryIsRefusedAtItsPlaceSayingWhatToWrite(String what, String line, String message) {
        assertThatThrownBy(() -> parse("    " + line + "\n")).isInstanceOf(PipelineException.class)
                .hasMessageStartingWith(".slipway.yml:" + message.substring(0, message.indexOf(": ") + 2))
                .hasMessageContaining(message.substring(message.indexOf(": ") + 2));
    }

    @Test
    void lintSaysWhereAnEnvironmentsManifestsAreAndThatAPushChecksThem() {
        byte[] text = (STAGES + "    branches: [ main ]\n    deploy: { manifests: deploy/k8s }\n")
                .getBytes(StandardCharsets.UTF_8);
        PipelineLint.Result result = new PipelineLint().lint(text, text.length);
        assertThat(result.summary()).contains("environment production: deployed by a push to main; protected; "
                + "recreate; Kubernetes manifests from deploy/k8s/ (checked when pushed)");
    }
}

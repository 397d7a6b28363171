package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pass:} hands a job's build outputs to the later stages of its run, apart from the artifact. */
class PassedFilesE2ETest extends OneServerE2E {
    @Test
    void laterStagesGetWhatAnEarlierJobPassedAndParallelJobsDoNot() throws Exception {
        createApp("passing");
        GitClient git = GitClient.init(tmp.resolve("passing"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps: [ "mkdir -p target/classes && echo compiled > target/classes/App.class && chmod 751 target/classes/App.class && ln -s classes/App.class target/link" ]
                        pass: [ target/ ]
                  - name: test
                    jobs:
                      unit:
                        steps: [ "echo unit=$(cat target/classes/App.class) mode=$(stat -c %a target/classes/App.class) link=$(readlink target/link)" ]
                      again:
                        steps: [ "echo again=$(cat target/link); echo changed > target/classes/App.class" ]
                  - name: verify
                    jobs:
                      last:
                        steps: [ "echo last=$(cat target/classes/App.class)" ]
                """);
        git.commitAll("build once, test the compiled classes");

        long number = pushedRun(git.push(server.pushUrl("passing"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("passing", number);

        String log = cli.run("logs", "passing", Long.toString(number)).out();
        assertThat(run.get("state").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(lines(log, "build/compile")).contains("slipway: passed target/ to the later stages");
        assertThat(lines(log, "test/unit")).contains("slipway: copied the files passed by compile into the workspace",
                "unit=compiled mode=751 link=classes/App.class");
        assertThat(lines(log, "test/again")).contains("again=compiled");
        // each job gets its own copy: what one test job changes, a later stage does not see
        assertThat(lines(log, "verify/last")).contains("last=compiled");
    }

    @Test
    void aPassPathTheJobDidNotMakeFailsTheJobSayingWhich() throws Exception {
        createApp("nopass");
        GitClient git = GitClient.init(tmp.resolve("nopass"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "true" ], pass: [ target/ ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "true" ] }
                """);
        git.commitAll("passes what it never made");

        long number = pushedRun(git.push(server.pushUrl("nopass"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("nopass", number);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.toString()).contains("pass path 'target/' does not exist in the workspace");
    }

    private static List<String> lines(String log, String job) {
        String tag = " [" + job + "] ";
        return log.lines().filter(l -> l.contains(tag)).map(l -> l.substring(l.indexOf(tag) + tag.length())).toList();
    }
}

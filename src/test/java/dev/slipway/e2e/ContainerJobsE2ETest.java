package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.JdkMavenImage;
import dev.slipway.testing.TestDocker;
import org.junit.jupiter.api.Test;

/**
 * Jobs in containers through the real server and CLI: lint shows a job's {@code container:}; without an executor
 * such a job fails naming the command that adds one; an app's admin may not add one, the server's admin does
 * (audited); then the job runs in the image on the tests' engine and passes its files to a local job; and a kill -9
 * of the server while a container job runs leaves a container that the restarted server removes.
 */
class ContainerJobsE2ETest extends OneServerE2E {

    @Test
    void aContainerJobRunsOnTheExecutorAnAdminAdded() throws Exception {
        String image = JdkMavenImage.in(TestDocker.get());
        createApp("boxed");
        GitClient git = GitClient.init(tmp.resolve("boxed"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile:
                        container: %s
                        pass: [ out.txt ]
                        steps:
                          - java -version 2>&1 | grep version
                          - echo "built by $SLIPWAY_APP run $SLIPWAY_RUN in $(cat /etc/debian_version)" > out.txt
                  - name: test
                    jobs:
                      check:
                        steps: [ cat out.txt ]
                """.formatted(image));
        git.commitAll("build in a container");
        assertThat(cli.run("lint", git.dir().resolve(".slipway.yml").toString()).out())
                .contains("job compile: runs in container " + image);

        long refused = pushedRun(git.push(server.pushUrl("boxed"), "HEAD:refs/heads/main").ok());
        assertThat(awaitRun("boxed", refused).get("state").asText()).isEqualTo("FAILED");
        assertThat(cli.run("logs", "boxed", Long.toString(refused)).out()).contains("has no executor")
                .contains("slipway executor add NAME --docker");

        String appAdmin = tokenFor("boxed-owner", "admin", "boxed");
        assertThat(cli.as(appAdmin).run("executor", "add", "mine", "--docker", TestDocker.get().host()).err())
                .contains("needs role admin on every app");
        CliRunner.Result added = cli.run("executor", "add", "builds", "--docker", TestDocker.get().host());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(cli.run("executor", "list").out()).containsPattern("builds\\s+docker\\s+unix://");

        git.write("again", "1");
        git.commitAll("again");
        long number = pushedRun(git.push(server.pushUrl("boxed"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("boxed", number);
        String log = cli.run("logs", "boxed", Long.toString(number)).out();
        assertThat(run.get("state").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("running in container " + image + " on executor builds")
                .contains("openjdk version \"17").contains("built by boxed run " + number + " in 12.");
        assertThat(cli.run("audit").out()).contains("executor.added");

        // kill -9 while a container job runs: its container would run on; the restarted server removes it
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      hang: { container: %s, steps: [ "echo hanging; sleep 600" ] }
                """.formatted(image));
        git.commitAll("a job that hangs");
        long hanging = pushedRun(git.push(server.pushUrl("boxed"), "HEAD:refs/heads/main").ok());
        await().atMost(LONG).until(() -> cli.run("logs", "boxed", Long.toString(hanging)).out().contains("hanging"));
        assertThat(jobContainers()).hasSize(1);
        server.crash();
        assertThat(jobContainers()).as("a crash leaves the container running").hasSize(1);
        server.launch();
        assertThat(jobContainers()).as("start-up removed it").isEmpty();
        assertThat(awaitRun("boxed", hanging).get("state").asText()).isEqualTo("ERRORED");

        assertThat(cli.run("executor", "remove", "builds").exit()).isZero();
        assertThat(cli.run("executor", "list").out()).contains("No executors");
    }

    private static java.util.List<String> jobContainers() {
        return TestDocker.get().docker("ps", "-q", "--filter", "label=dev.slipway.job.app=boxed").out().lines()
                .filter(l -> !l.isBlank()).toList();
    }
}

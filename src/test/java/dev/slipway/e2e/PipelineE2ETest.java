package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a job sees and how its output comes back: parallel jobs, SLIPWAY_* variables, logs, SSE, names. */
class PipelineE2ETest extends OneServerE2E {
    @Test
    void jobsOfAStageRunInParallelAndSeeTheirRun() throws Exception {
        createApp("jobs");
        GitClient git = GitClient.init(tmp.resolve("jobs"));
        // Each job marks that it started and waits for the test, which lets both go once both have started: they can
        // only both finish if they run at the same time. (Jobs cannot see each other's workspaces, the test sees both.)
        git.write(".slipway.yml", """
                stages:
                  - name: together
                    jobs:
                      left:
                        timeout: 30s
                        steps: [ "touch started; until [ -f go ]; do sleep 0.02; done" ]
                      right:
                        timeout: 30s
                        steps: [ "touch started; until [ -f go ]; do sleep 0.02; done" ]
                  - name: after
                    jobs:
                      env:
                        steps:
                          - run: env | grep '^SLIPWAY_' | sort; echo "pwd=$(pwd)"; ls
                          - echo "line one"; echo "line two" >&2
                """);
        git.write("README", "hello\n");
        String commit = git.commitAll("two jobs");
        long number = pushedRun(git.push(server.pushUrl("jobs"), "HEAD:refs/heads/feature/Parallel").ok());
        await().atMost(LONG).until(() -> Files.exists(workspace("jobs", number, "left").resolve("started"))
                && Files.exists(workspace("jobs", number, "right").resolve("started")));
        release("jobs", number, "left", "go");
        release("jobs", number, "right", "go");
        JsonNode run = awaitRun("jobs", number);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

        List<String> output = cli.run("logs", "jobs", Long.toString(number)).out().lines()
                .filter(l -> l.contains(" [after/env] ")).map(l -> l.substring(l.indexOf(" [after/env] ") + 13)).toList();
        Map<String, String> env = output.stream().filter(l -> l.startsWith("SLIPWAY_"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        String workspace = output.stream().filter(l -> l.startsWith("pwd=")).findFirst().orElseThrow().substring(4);
        assertThat(env).containsEntry("SLIPWAY_APP", "jobs").containsEntry("SLIPWAY_COMMIT", commit)
                .containsEntry("SLIPWAY_BRANCH", "feature/Parallel").containsEntry("SLIPWAY_RUN", Long.toString(number))
                .containsEntry("SLIPWAY_WORKSPACE", workspace);
        assertThat(output).contains("README");
        assertThat(Path.of(workspace)).doesNotExist();

        CliRunner.Result logs = cli.run("logs", "jobs", Long.toString(number));
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\[after/env\\] line one")
                .contains("[after/env] line two").contains("[together/left] $ touch");

        CliRunner.Result follow = cli.run("logs", "jobs", Long.toString(number), "-f");
        assertThat(follow.exit()).isZero();
        assertThat(follow.out()).contains("[after/env] line one");
    }

    @Test
    void theLogStreamsOverServerSentEventsWhileTheRunIsGoing() throws Exception {
        createApp("stream");
        GitClient git = GitClient.init(tmp.resolve("stream"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      talk:
                        timeout: 60s
                        steps: [ "echo before; until [ -f gate ]; do sleep 0.02; done; echo after" ]
                """);
        git.commitAll("talks");
        long number = pushedRun(git.push(server.pushUrl("stream"), "HEAD:refs/heads/main").ok());
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/apps/stream/runs/" + number + "/log"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        var lines = response.body().iterator();
        String first = null;
        while (lines.hasNext() && first == null) {
            String line = lines.next();
            if (line.startsWith("data: ") && line.endsWith("before")) {
                first = line;
            }
        }
        assertThat(first).as("'before' arrives while the job still runs").isNotNull();
        assertThat(api.run("stream", number).get("state").asText()).isEqualTo("RUNNING");
        release("stream", number, "talk", "gate");
        StringBuilder rest = new StringBuilder();
        while (lines.hasNext()) {
            rest.append(lines.next()).append('\n');
        }
        assertThat(rest.toString()).contains("after").contains("event: end\ndata: {\"state\":\"SUCCEEDED\"}");
    }

    @Test
    void aPipelineFileOverTheSizeLimitFailsThePushWithWhereAndWhatToDo() throws Exception {
        createApp("huge");
        GitClient git = GitClient.init(tmp.resolve("huge"));
        String valid = "stages: [ { name: build, jobs: { compile: { steps: [ make ] } } } ]\n";
        git.write(".slipway.yml", valid + ("# " + "x".repeat(97) + "\n").repeat(3000)); // 300 KB of comments
        git.commitAll("a generated pipeline file");

        GitClient.Result push = git.push(server.pushUrl("huge"), "HEAD:refs/heads/main").ok();

        // byte 262,145 is on line 2 + (262,144 - 68) / 100 = 2622, column 1 + 76
        assertThat(push.err()).contains("FAILED: invalid pipeline file")
                .contains("remote: slipway: .slipway.yml:2622:77: the pipeline file is 300068 bytes, over the 256 KB limit");
        JsonNode run = awaitRun("huge", pushedRun(push));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).contains("256 KB limit").contains("move long scripts into files");
    }

    @Test
    void aPipelineFileOfManyMegabytesIsRefusedWithoutBeingReadWhole() throws Exception {
        createApp("vast");
        GitClient git = GitClient.init(tmp.resolve("vast"));
        String valid = "stages: [ { name: build, jobs: { compile: { steps: [ make ] } } } ]\n";
        git.write(".slipway.yml", valid + ("# " + "x".repeat(97) + "\n").repeat(700_000)); // 70 MB: a large object to git
        git.commitAll("a pipeline file far over the limit");

        GitClient.Result push = git.push(server.pushUrl("vast"), "HEAD:refs/heads/main").ok();

        assertThat(push.err()).contains("FAILED: invalid pipeline file")
                .contains("remote: slipway: .slipway.yml:2622:77: the pipeline file is 70000068 bytes, over the 256 KB limit");
        JsonNode run = awaitRun("vast", pushedRun(push));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).contains("256 KB limit");
    }

    @Test
    void appNamesAreCheckedAndExplained() {
        CliRunner.Result bad = cli.run("app", "create", "Bad_Name");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("app name 'Bad_Name' is not valid").contains("[a-z0-9][a-z0-9-]{0,62}");
        createApp("twice");
        CliRunner.Result again = cli.run("app", "create", "twice");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        CliRunner.Result unknown = cli.run("runs", "nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("app 'nope' does not exist").contains("slipway app create nope");
        assertThat(cli.run("app", "list").out()).contains("twice", server.gitUrl("twice"));
    }

    @Test
    void pushingToAnUnknownAppIsRefusedByGit() throws Exception {
        GitClient git = GitClient.init(tmp.resolve("ghost"));
        git.commitAll("empty");
        GitClient.Result push = git.push(server.pushUrl("ghost"), "HEAD:refs/heads/main");
        assertThat(push.exit()).isNotZero();
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        HttpResponse<String> notJson = api.raw("POST", "/api/v1/apps", "{name: oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON").contains("{\\\"name\\\": \\\"hello\\\"}");
        HttpResponse<String> extra = api.raw("POST", "/api/v1/apps", "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(extra.body()).contains("colour");
        createApp("badreq");
        HttpResponse<String> badRun = api.raw("GET", "/api/v1/apps/badreq/runs/abc", null);
        assertThat(badRun.statusCode()).isEqualTo(400);
        assertThat(badRun.body()).contains("'abc' is not a run number");
        HttpResponse<String> badLimit = api.raw("GET", "/api/v1/apps/badreq/runs?limit=0", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit must be a number from 1 to 1000");
        HttpResponse<String> noRoute = api.raw("GET", "/api/v1/nothing", null);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.body()).contains("no such endpoint");
    }
}

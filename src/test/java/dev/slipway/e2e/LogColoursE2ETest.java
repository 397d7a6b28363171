package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A job's colour codes: spans on the run page, gone from plain-text logs unless asked for. */
class LogColoursE2ETest extends OneServerE2E {
    private static final String ESC = "\u001b";

    @Test
    void coloursShowOnTheRunPageAndAreStrippedFromPlainLogsUnlessKept() throws Exception {
        createApp("colours");
        GitClient git = GitClient.init(tmp.resolve("colours"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      paint:
                        steps: [ "printf '\\\\033[31mred\\\\033[0m and \\\\033]0;osc-window-name\\\\007<b>plain</b>\\\\n'" ]
                """);
        git.commitAll("a job that prints colours");

        long number = pushedRun(git.push(server.pushUrl("colours"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("colours", number);
        String kept = api.raw("GET", "/api/v1/apps/colours/runs/" + number + "/log?ansi=keep", null).body();
        assertThat(run.get("state").asText()).as(kept).isEqualTo("SUCCEEDED");
        assertThat(kept).contains(ESC + "[31mred" + ESC + "[0m");

        HttpResponse<String> page = api.raw("GET", "/ui/apps/colours/runs/" + number, null);
        assertThat(page.body()).doesNotContain(ESC);
        // the output's line (the step's command, echoed before it, names the title too)
        assertThat(page.body().lines().filter(l -> l.contains("red</span>")).toList()).singleElement().asString()
                .contains("<span class=\"ansi-f1\">red</span> and &lt;b&gt;plain&lt;/b&gt;")
                .doesNotContain("osc-window-name");

        String plain = cli.run("logs", "colours", Long.toString(number)).out();
        assertThat(plain).contains("red and <b>plain</b>").doesNotContain(ESC);
        String followed = cli.run("logs", "colours", Long.toString(number), "-f").out();
        assertThat(followed).contains("red and <b>plain</b>").doesNotContain(ESC);
        String coloured = cli.run("logs", "colours", Long.toString(number), "--color").out();
        assertThat(coloured).contains(ESC + "[31mred" + ESC + "[0m");
        String jobLog = api.raw("GET", "/ui/apps/colours/runs/" + number + "/jobs/paint/log", null).body();
        assertThat(jobLog).contains("red and <b>plain</b>").doesNotContain(ESC);

        assertThat(api.raw("GET", "/api/v1/apps/colours/runs/" + number + "/log?ansi=maybe", null).statusCode())
                .isEqualTo(400);
    }
}

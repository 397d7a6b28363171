package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Promotion by `git push`: a release tag, a push to env/production, and a force-push of an older commit to roll back. */
class GitPromotionE2ETest extends OneServerE2E {
    private static final Pattern PROMOTION = Pattern.compile("promotion #(\\d+) to production");


    private static long promotion(GitClient.Result push) {
        Matcher m = PROMOTION.matcher(push.err());
        assertThat(m.find()).as("push output names a promotion:\n" + push.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int runCount() throws Exception {
        return api.get("/api/v1/apps/shop/runs?limit=1000").get("runs").size();
    }

    @Test
    void tagsAndEnvRefsPromoteTheTestedDigestAndAForcePushRollsBack() throws Exception {
        createApp("shop");
        String alice = tokenFor("alice", "releaser", "shop");
        String bob = tokenFor("bob", "releaser", "shop");
        GitClient git = exampleRepo(tmp.resolve("shop"));
        String remote = server.pushUrl("shop", "alice", alice);
        String v1 = git.head();
        awaitRun("shop", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        JsonNode staging1 = awaitServing("shop", "staging", "hello from staging, version 1.0.0");

        // a release tag asks for production; production wants one approval by someone other than the pusher
        git.run("tag", "v1.0.0").ok();
        int runsBefore = runCount();
        GitClient.Result tag = git.push(remote, "refs/tags/v1.0.0").ok();
        long first = promotion(tag);
        assertThat(tag.err()).contains("PENDING").contains("waits: production requires 1 approval by a releaser");
        CliRunner.Result byAuthor = cli.as(alice).run("approve", "shop", Long.toString(first));
        assertThat(byAuthor.exit()).isEqualTo(1);
        assertThat(byAuthor.err()).contains("alice");
        CliRunner.Result byBob = cli.as(bob).run("approve", "shop", Long.toString(first));
        assertThat(byBob.exit()).as(byBob.err()).isZero();
        JsonNode production1 = awaitServing("shop", "production", "hello from prod from production, version 1.0.0");
        assertThat(production1.get("digest").asText()).isEqualTo(staging1.get("digest").asText());
        assertThat(runCount()).as("promotion builds nothing").isEqualTo(runsBefore);

        // v2 through staging, then to production by pushing its commit to env/production
        git.write("VERSION", "2.0.0\n");
        String v2 = git.commitAll("v2");
        awaitRun("shop", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        JsonNode staging2 = awaitServing("shop", "staging", "version 2.0.0");
        GitClient.Result envPush = git.push(remote, v2 + ":refs/heads/env/production").ok();
        long second = promotion(envPush);
        assertThat(cli.as(bob).run("approve", "shop", Long.toString(second)).exit()).isZero();
        JsonNode production2 = awaitServing("shop", "production", "version 2.0.0");
        assertThat(production2.get("digest").asText()).isEqualTo(staging2.get("digest").asText());

        // force-pushing the older commit is a rollback: no gates, the old digest back
        GitClient.Result rollback = git.run("push", "-f", remote, v1 + ":refs/heads/env/production").ok();
        assertThat(rollback.err()).contains("rollback of production to " + staging1.get("digest").asText());
        JsonNode back = awaitServing("shop", "production", "version 1.0.0");
        assertThat(back.get("digest").asText()).isEqualTo(staging1.get("digest").asText());
        JsonNode history = api.get("/api/v1/apps/shop/environments/production/deployments");
        assertThat(history.get("deployments").get(0).get("trigger").asText()).isEqualTo("ROLLBACK");
        assertThat(history.get("deployments").get(1).get("trigger").asText()).isEqualTo("PROMOTION");
        assertThat(history.get("deployments").get(2).get("trigger").asText()).isEqualTo("TAG");

        // a commit that failed its tests reaches production by no route
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        git.write(".slipway.yml", yml.replace("java -cp dist Hello --self-test", "exit 1"));
        git.write("VERSION", "3.0.0\n");
        String broken = git.commitAll("broken");
        JsonNode failed = awaitRun("shop", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");

        git.run("tag", "v3.0.0").ok();
        GitClient.Result badTag = git.push(remote, "refs/tags/v3.0.0");
        assertThat(badTag.exit()).isNotZero();
        assertThat(badTag.err()).contains("tag v3.0.0 refused for production");
        assertThat(git.run("ls-remote", remote, "refs/tags/v3.0.0").ok().out()).isBlank();

        GitClient.Result badEnv = git.push(remote, broken + ":refs/heads/env/production");
        assertThat(badEnv.exit()).isNotZero();
        assertThat(badEnv.err()).contains("push to env/production refused");
        assertThat(git.run("ls-remote", remote, "refs/heads/env/production").ok().out()).startsWith(v1);

        CliRunner.Result badCli = cli.as(bob).run("promote", "shop", "--to", "production", "--commit", broken);
        assertThat(badCli.exit()).isEqualTo(1);
        assertThat(badCli.err()).isNotBlank();
        HttpResponse<String> badApi = api.raw("POST", "/api/v1/apps/shop/promotions",
                "{\"environment\":\"production\",\"commit\":\"" + broken + "\"}");
        assertThat(badApi.statusCode()).isBetween(400, 499);
        assertThat(api.environment("shop", "production").get("digest").asText()).isEqualTo(staging1.get("digest").asText());

        // a person can say no
        CliRunner.Result again = cli.as(alice).run("promote", "shop", "--to", "production", "--from", "staging");
        assertThat(again.exit()).as(again.err()).isZero();
        Matcher m = Pattern.compile("Promotion #(\\d+)").matcher(again.out());
        assertThat(m.find()).as(again.out()).isTrue();
        CliRunner.Result reject = cli.as(bob).run("reject", "shop", m.group(1), "--reason", "checkout is broken");
        assertThat(reject.exit()).as(reject.err()).isZero();
        assertThat(api.get("/api/v1/apps/shop/promotions/" + m.group(1)).get("state").asText()).isEqualTo("REJECTED");

        CliRunner.Result audit = cli.run("audit", "--app", "shop", "--limit", "500");
        assertThat(audit.out()).contains("promotion.requested", "promotion.approved", "promotion.rejected",
                "rollback.requested");
        CliRunner.Result verify = cli.run("audit", "verify");
        assertThat(verify.exit()).as(verify.err()).isZero();
    }
}

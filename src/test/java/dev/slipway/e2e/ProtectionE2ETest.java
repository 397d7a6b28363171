package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Protection is the server's, not the pipeline file's: a deployer who writes `protected: false` for production into
 * the file still cannot release to it; only an admin's `slipway unprotect` lifts it, and `slipway protect` makes any
 * environment need a releaser (deploys, secrets) whatever the file says. All with the real git, CLI and server.
 */
class ProtectionE2ETest extends OneServerE2E {

    @Test
    void aPipelineFileCannotLiftProtectionOnlyAnAdminCan() throws Exception {
        createApp("guarded");
        String dee = tokenFor("dee", "deployer", "guarded");
        GitClient git = exampleRepo(tmp.resolve("guarded"));
        // the deployer's own file: production unprotected, no approvals, no `from`
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        git.write(".slipway.yml", yml.replace("    from: staging                    # promotion only: arrives with a later release\n"
                + "    approvals: { required: 1, role: releaser, not_author: true }\n", "    protected: false\n"));
        assertThat(Files.readString(git.dir().resolve(".slipway.yml"))).contains("protected: false")
                .doesNotContain("approvals");
        git.commitAll("production is mine");
        String remote = server.pushUrl("guarded", "dee", dee);
        awaitRun("guarded", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        awaitServing("guarded", "staging", "version 1.0.0");

        // the file says unprotected; the server still protects production
        git.run("tag", "v1.0.0").ok();
        GitClient.Result refused = git.push(remote, "refs/tags/v1.0.0");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("needs role releaser").contains("protected environment production");
        assertThat(cli.as(dee).run("unprotect", "guarded", "production").err()).contains("needs role admin");
        assertThat(cli.run("protections", "guarded").out()).contains("production is protected");

        // an admin lifts it: now the deployer may release by tag
        CliRunner.Result unprotect = cli.run("unprotect", "guarded", "production");
        assertThat(unprotect.exit()).as(unprotect.err()).isZero();
        git.push(remote, "refs/tags/v1.0.0").ok();
        awaitServing("guarded", "production", "version 1.0.0");

        // an admin protects staging, which the file leaves open: the deployer's next push builds but does not deploy
        // there, and setting its secrets needs a releaser too
        assertThat(cli.run("protect", "guarded", "staging").exit()).isZero();
        assertThat(cli.run("protections", "guarded").out()).containsPattern("production\\s+no\\s+admin")
                .containsPattern("staging\\s+yes\\s+admin");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("v2");
        GitClient.Result push = git.push(remote, "HEAD:refs/heads/main").ok();
        assertThat(awaitRun("guarded", pushedRun(push)).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(push.err()).contains("needs role releaser").contains("protected environment staging");
        assertThat(api.fetch(api.environment("guarded", "staging").get("url").asText())).contains("version 1.0.0");
        CliRunner.Result secret = cli.as(dee).withInput("s3cret-value").run("secret", "set", "guarded", "staging", "KEY");
        assertThat(secret.exit()).isNotZero();
        assertThat(secret.err()).contains("releaser");

        // every word is on the record
        String audit = cli.run("audit", "--app", "guarded").out();
        assertThat(audit).contains("environment.unprotected").contains("environment.protected");
    }
}

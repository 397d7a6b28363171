package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code slipway lint} against the real server: what a push would say, before pushing. */
class LintE2ETest extends OneServerE2E {
    private static final String VALID = """
            stages:
              - name: build
                jobs:
                  compile: { steps: [ make ], artifact: [ dist/ ] }
            service: { command: ./dist/server }
            environments:
              - { name: staging, branches: [ main ] }
            """;

    @Test
    void aValidFileIsSummedUp() throws Exception {
        Path file = write("valid.yml", VALID);

        CliRunner.Result lint = cli.run("lint", file.toString());

        assertThat(lint.exit()).as(lint.err()).isZero();
        assertThat(lint.out()).isEqualTo(file + ": valid\n"
                + "  stage build: compile\n"
                + "  artifact: made by job compile from dist/\n"
                + "  service: ./dist/server (health /)\n"
                + "  environment staging: deployed by a push to main; recreate\n");
    }

    @Test
    void anInvalidFileGetsThePushsMessageAtItsPathWithTheLineShown() throws Exception {
        createApp("linted");
        String broken = VALID.replace("steps: [ make ]", "stepz: [ make ]");
        Path file = write("broken.yml", broken);

        CliRunner.Result lint = cli.run("lint", file.toString());
        GitClient git = GitClient.init(tmp.resolve("linted"));
        git.write(".slipway.yml", broken);
        git.commitAll("the same broken file");
        GitClient.Result push = git.push(server.pushUrl("linted"), "HEAD:refs/heads/main").ok();

        assertThat(lint.exit()).isEqualTo(1);
        String problem = lint.out().lines().findFirst().orElseThrow().substring(file.toString().length());
        assertThat(push.err()).contains("remote: slipway: .slipway.yml" + problem);
        assertThat(lint.out()).contains(" 4 |       compile: { stepz: [ make ], artifact: [ dist/ ] }\n"
                + "   |                  ^\n");
    }

    @Test
    void aFileOverTheLimitIsRefusedAtTheLimitWithoutBeingSentWhole() throws Exception {
        Path file = write("huge.yml", VALID + ("# " + "x".repeat(97) + "\n").repeat(100_000)); // 10 MB

        CliRunner.Result lint = cli.run("lint", file.toString());

        assertThat(lint.exit()).isEqualTo(1);
        // the 262,145th byte: past the 7 lines of VALID, in the comment lines of 100 bytes each
        int past = 256 * 1024 - VALID.length();
        assertThat(lint.out()).startsWith(file + ":" + (8 + past / 100) + ":" + (1 + past % 100) + ": ")
                .contains("the pipeline file is " + Files.size(file) + " bytes, over the 256 KB limit");
    }

    @Test
    void aMissingFileSaysWhatToGive() {
        CliRunner.Result lint = cli.run("lint", tmp.resolve("nowhere.yml").toString());

        assertThat(lint.exit()).isEqualTo(1);
        assertThat(lint.err()).contains("no file " + tmp.resolve("nowhere.yml")).contains("slipway lint path/to/.slipway.yml");
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }
}

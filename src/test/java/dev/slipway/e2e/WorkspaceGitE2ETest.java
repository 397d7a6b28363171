package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's workspace is a git work tree of its commit: build tools that ask git (describe, rev-parse) find it. */
class WorkspaceGitE2ETest extends OneServerE2E {
    @Test
    void aJobSeesItsCommitAndBranchThroughTheRealGit() throws Exception {
        createApp("gitws");
        Path repo = tmp.resolve("gitws");
        GitClient git = GitClient.init(repo);
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      ask:
                        steps:
                          - run: |
                              echo "head=$(git rev-parse HEAD)"
                              echo "branch=$(git rev-parse --abbrev-ref HEAD)"
                              echo "dirty=$(git status --porcelain | wc -l)"
                              echo "commits=$(git rev-list --count HEAD)"
                              echo "describe=$(git describe --always --abbrev=12)"
                              echo "message=$(git log -1 --format=%s)"
                              test -x bin/tool && echo "tool=executable"
                              echo "link=$(readlink docs/latest)"
                              echo "fsck=$(git fsck --full --strict 2>&1 | wc -l)"
                """);
        git.write("bin/tool", "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(repo.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        git.write("docs/v1.md", "one\n");
        Files.createSymbolicLink(repo.resolve("docs/latest"), Path.of("v1.md"));
        git.commitAll("the first commit");
        git.write("docs/v2.md", "two\n");
        String commit = git.commitAll("a second commit, so history exists beyond the shallow one");

        long number = pushedRun(git.push(server.pushUrl("gitws"), "HEAD:refs/heads/feature/ask-git").ok());
        JsonNode run = awaitRun("gitws", number);

        List<String> out = cli.run("logs", "gitws", Long.toString(number)).out().lines()
                .filter(l -> l.contains(" [build/ask] ")).map(l -> l.substring(l.indexOf(" [build/ask] ") + 13)).toList();
        assertThat(run.get("state").asText()).as(String.join("\n", out)).isEqualTo("SUCCEEDED");
        assertThat(out).contains("head=" + commit, "branch=feature/ask-git", "dirty=0", "commits=1",
                "describe=" + commit.substring(0, 12), "message=a second commit, so history exists beyond the shallow one",
                "tool=executable", "link=v1.md", "fsck=0");
    }
}

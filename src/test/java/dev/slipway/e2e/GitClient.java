package dev.slipway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real `git` command line in a working directory of the test's own. */
final class GitClient {
    record Result(int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("git failed (" + exit + "):\n" + out + err);
            }
            return this;
        }
    }

    private final Path dir;

    GitClient(Path dir) {
        this.dir = dir;
    }

    static GitClient init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        GitClient git = new GitClient(dir);
        git.run("init", "-q", "-b", "main").ok();
        return git;
    }

    Path dir() {
        return dir;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "commit.gpgsign=false", "-c", "protocol.version=2"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Path out = Files.createTempFile("git-out", ".txt");
        Path err = Files.createTempFile("git-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " did not finish");
        }
        Result result = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    String commitAll(String message) throws IOException, InterruptedException {
        run("add", "-A").ok();
        run("commit", "-q", "--allow-empty", "-m", message).ok();
        return head();
    }

    String head() throws IOException, InterruptedException {
        return run("rev-parse", "HEAD").ok().out().trim();
    }

    Result push(String url, String refspec) throws IOException, InterruptedException {
        return run("push", url, refspec);
    }
}

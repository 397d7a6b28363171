package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * First vs second build of a small Maven project (src/test/resources/maven-cached: three classes) in a job with
 * {@code cache: [ ~/.m2/repository ]}, on a real server. There is no network here, so the "remote" repository is a
 * file:// mirror outside the data directory (visible to jobs read-only) that holds only what the build needs (made
 * once by Maven from this machine's local repository). The first build of each round (a fresh app: empty cache)
 * downloads from it; the second starts from the cache the first saved. For R rounds (default 3) prints push → run
 * finished for both, the files Maven downloaded, and the cache's restore and save times from the job's log.
 */
public final class MavenCache {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "slw_benchadmin000.bench-admin-token-with-enough-entropy-0123456789";
    static final Poll POLL = new Poll(20);

    public static void main(String[] args) throws Exception {
        int rounds = Args.count(args, 0, "rounds", 3, 1);
        try (SlipwayServer server = SlipwayServer.start("slipway-bench", TOKEN)) {
            Api api = new Api(HTTP, server.base(), TOKEN);
            POLL.until(api::healthy, 60_000, "server start");
            // not under /tmp: a job's /tmp is its own
            Path mirror = mirror(server.work(), Files.createTempDirectory(Path.of("/var/tmp"), "slipway-bench-mirror"));
            try {
                rounds(server, api, mirror, rounds);
            } finally {
                Dirs.delete(mirror);
            }
        }
    }

    static void rounds(SlipwayServer server, Api api, Path mirror, int rounds) throws Exception {
        System.out.printf("%-6s %-7s %9s %11s  %s%n", "round", "build", "push→done", "downloaded", "cache");
        for (int round = 1; round <= rounds; round++) {
            String app = "maven" + round;
            api.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
            Path repo = server.work().resolve(app);
            setUpRepo(repo, mirror);
            for (int build = 1; build <= 2; build++) {
                Files.writeString(repo.resolve("BUILD"), build + "\n");
                git(repo, "add", "-A");
                git(repo, "commit", "-qm", "build " + build);
                long start = System.nanoTime();
                long run = PushToLive.runNumber(git(repo, "push", server.gitRemote(app), "HEAD:refs/heads/main"));
                POLL.until(() -> done(api, app, run), 300_000, app + " run " + run);
                double took = ms(start);
                String log = api.text("/api/v1/apps/" + app + "/runs/" + run + "/log");
                String state = api.get("/api/v1/apps/" + app + "/runs/" + run).get("state").asText();
                if (!state.equals("SUCCEEDED")) {
                    throw new IllegalStateException(app + " run " + run + " ended " + state + ":\n" + log);
                }
                System.out.printf("%-6d %-7s %7.1f s %11d  %s%n", round, build == 1 ? "first" : "second",
                        took / 1000, count(log, "Downloaded from"), notes(log));
            }
        }
    }

    /** What the project needs, "downloaded" by Maven from this machine's local repository into a file:// mirror. */
    static Path mirror(Path work, Path mirror) throws Exception {
        Path project = work.resolve("seed-project");
        Dirs.copy(Path.of("src/test/resources/maven-cached"), project);
        Path settings = work.resolve("seed-settings.xml");
        Files.writeString(settings, settings(Path.of(System.getProperty("user.home"), ".m2", "repository")));
        Commands.run(project, "mvn", "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + mirror, "package");
        return mirror;
    }

    static String settings(Path repository) {
        return "<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>" + repository.toUri()
                + "</url></mirror></mirrors></settings>\n";
    }

    static void setUpRepo(Path repo, Path mirror) throws Exception {
        Dirs.copy(Path.of("src/test/resources/maven-cached"), repo);
        Files.writeString(repo.resolve("settings.xml"), settings(mirror));
        Files.writeString(repo.resolve(".slipway.yml"), """
                stages:
                  - name: build
                    jobs:
                      package:
                        cache: [ ~/.m2/repository ]
                        steps: [ "mvn -B -s settings.xml package" ]
                """);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "maven project");
    }

    static boolean done(Api api, String app, long run) throws Exception {
        String state = api.get("/api/v1/apps/" + app + "/runs/" + run).get("state").asText();
        return !state.equals("QUEUED") && !state.equals("RUNNING");
    }

    static int count(String log, String what) {
        return (int) log.lines().filter(l -> l.contains(what)).count();
    }

    /** The job's own notes on its cache: "restored … in 120 ms", "saved … in 300 ms". */
    static String notes(String log) {
        StringBuilder notes = new StringBuilder();
        Matcher m = Pattern.compile("slipway: ((?:restored|saved) cache \\S+ \\([^)]*\\) in [0-9.]+ m?s|cache \\S+ is empty)")
                .matcher(log);
        while (m.find()) {
            notes.append(notes.isEmpty() ? "" : "; ").append(m.group(1));
        }
        return notes.toString();
    }
}

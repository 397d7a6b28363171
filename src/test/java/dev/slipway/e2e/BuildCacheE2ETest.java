package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code cache:} keeps a job's directories for the app's next jobs, and only for that app's. */
class BuildCacheE2ETest extends OneServerE2E {
    /** Where the server keeps an app's ~/.m2/repository (BuildCache.key of "~/.m2/repository"). */
    static final String M2_KEY = "home%2F.m2%2Frepository";

    @Test
    void theNextRunSeesWhatASucceededJobCachedAndAnotherAppDoesNot() throws Exception {
        String pipeline = """
                stages:
                  - name: build
                    jobs:
                      compile:
                        cache: [ ~/.m2/repository ]
                        steps:
                          - echo seen=$(cat ~/.m2/repository/marker 2>/dev/null || echo none)
                          - mkdir -p ~/.m2/repository && echo run-$SLIPWAY_APP-$SLIPWAY_RUN > ~/.m2/repository/marker
                          - if [ -f fail ]; then exit 1; fi
                """;
        createApp("cached");
        GitClient git = GitClient.init(tmp.resolve("cached"));
        git.write(".slipway.yml", pipeline);
        git.commitAll("cache the local repository");
        assertThat(seen("cached", git)).isEqualTo("seen=none");
        assertThat(seen("cached", git)).isEqualTo("seen=run-cached-1");

        git.write("fail", "this run fails after writing into its cache");
        git.commitAll("fail");
        assertThat(seen("cached", git)).isEqualTo("seen=run-cached-2");
        Files.delete(tmp.resolve("cached/fail"));
        git.commitAll("pass again");
        assertThat(seen("cached", git)).as("a failed job's cache is not kept").isEqualTo("seen=run-cached-2");

        createApp("neighbour");
        GitClient other = GitClient.init(tmp.resolve("neighbour"));
        other.write(".slipway.yml", pipeline + "      peek:\n        steps: [ \"ls -R " + server.data()
                + " 2>&1 | head -3; ! grep -rs run-cached " + server.data() + "\" ]\n");
        other.commitAll("the same cache path in another app");
        assertThat(seen("neighbour", other)).as("another app's cache").isEqualTo("seen=none");
    }

    @Test
    void aSmallMavenProjectBuildsOfflineFromTheSeededCacheAndTheSecondBuildDownloadsNothing() throws Exception {
        createApp("maven");
        GitClient git = GitClient.init(tmp.resolve("maven"));
        copyFixture(git.dir());
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        cache: [ ~/.m2/repository ]
                        steps: [ "mvn -B -o package", "java -cp target/cached-1.0.jar demo.Main" ]
                """);
        git.commitAll("a Maven project");
        seed(server.data().resolve("caches/maven").resolve(M2_KEY));

        for (int build = 1; build <= 2; build++) {
            long number = pushedRun(git.push(server.pushUrl("maven"), "HEAD:refs/heads/main").ok());
            JsonNode run = awaitRun("maven", number);
            String log = cli.run("logs", "maven", Long.toString(number)).out();
            assertThat(run.get("state").asText()).as(log).isEqualTo("SUCCEEDED");
            assertThat(log).contains("BUILD SUCCESS", "HELLO CACHE!", "slipway: restored cache ~/.m2/repository",
                    "slipway: saved cache ~/.m2/repository").doesNotContain("Downloading", "Downloaded");
            git.write("build", Integer.toString(build));
            git.commitAll("build again");
        }
    }

    private int pushes;

    private String seen(String app, GitClient git) throws Exception {
        git.write("push", Integer.toString(++pushes)); // a new commit: the same one again starts no run
        git.commitAll("push " + pushes);
        long number = pushedRun(git.push(server.pushUrl(app), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun(app, number);
        String log = cli.run("logs", app, Long.toString(number)).out();
        List<String> seen = log.lines().filter(l -> l.contains("] seen=")).map(l -> l.substring(l.indexOf("seen=")))
                .toList();
        assertThat(seen).as(log).hasSize(1);
        assertThat(run.get("state").asText()).as(log).isIn("SUCCEEDED", "FAILED");
        return seen.get(0);
    }

    /** The fixture project of src/test/resources/maven-cached. */
    static void copyFixture(Path into) throws IOException {
        copyProject(Path.of("src/test/resources/maven-cached"), into);
    }

    /** A Maven project's files (not its build output) copied into {@code into}. */
    static void copyProject(Path fixture, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !fixture.relativize(f).startsWith("target")).toList()) {
                Path target = into.resolve(fixture.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    /**
     * Seeds an app's Maven cache with only what the project needs, from this machine's local repository: Maven
     * "downloads" into the cache directory from the local repository used as a file:// mirror (named central, as a
     * job's offline build expects). Done before the app's first job, as the README says.
     */
    static void seed(Path cacheDir) throws IOException, InterruptedException {
        seed(cacheDir, Path.of("src/test/resources/maven-cached"));
    }

    /** Seeds the cache with what {@code project} needs to build. */
    static void seed(Path cacheDir, Path project) throws IOException, InterruptedException {
        Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path settings = Files.createTempFile("seed-settings", ".xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>"
                + local.toUri() + "</url></mirror></mirrors></settings>");
        Path work = Files.createTempDirectory("seed-project");
        copyProject(project, work);
        Files.createDirectories(cacheDir);
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + cacheDir, "package").directory(work.toFile()).inheritIO().start();
        try {
            assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("seeding finished").isTrue();
            assertThat(mvn.exitValue()).as("seeding from " + local).isZero();
        } finally {
            mvn.destroyForcibly();
            Files.delete(settings);
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

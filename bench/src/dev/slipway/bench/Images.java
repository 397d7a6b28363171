package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slipway's images, end to end and against the reference: a real Slipway server builds an image of
 * {@code megabytes} MB (busybox + incompressible data from the workspace, base {@code scratch}) through a pipeline
 * ({@code image:}), timed from {@code git push} to pullable (the run finished with the image's digest); the image is
 * copied by digest to the CNCF distribution registry with skopeo, so both serve the same bytes; then {@code docker pull}
 * of that digest from Slipway and from the distribution registry, R times each (default 5) into one real Docker engine,
 * the image removed between pulls and the sides taking turns to go first; prints every pull, the medians and their
 * ratio (the issue's target: Slipway within 1.2× of the distribution registry, or faster). The engine and the
 * distribution registry come from {@code bin/test-services}; everything is stopped at the end.
 */
public final class Images {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "slw_benchadmin000.bench-admin-token-with-enough-entropy-0123456789";
    static final Poll POLL = new Poll(2);

    public static void main(String[] args) throws Exception {
        int rounds = Args.count(args, 0, "rounds", 5, 1);
        int megabytes = Args.count(args, 1, "megabytes", 50, 1);
        try (TestServices services = TestServices.start();
             SlipwayServer server = SlipwayServer.start("slipway-bench-images", TOKEN)) {
            Path work = Files.createTempDirectory("slipway-bench-images");
            try {
                run(services, server, work, rounds, megabytes);
            } finally {
                Dirs.delete(work);
            }
        }
    }

    static void run(TestServices services, SlipwayServer server, Path work, int rounds, int megabytes) throws Exception {
        DockerCli docker = new DockerCli(services.dockerHost(), work.resolve("docker-config"));
        Skopeo skopeo = new Skopeo(work.resolve("skopeo"));
        Api api = new Api(HTTP, server.base(), TOKEN);
        POLL.until(api::healthy, 60_000, "server start");
        api.post("/api/v1/apps", "{\"name\":\"pictures\"}");
        Path repo = work.resolve("repo");
        setUpRepo(repo, megabytes);
        long start = System.nanoTime();
        String out = git(repo, "push", server.gitRemote("pictures"), "HEAD:refs/heads/main");
        long run = runNumber(out);
        POLL.until(() -> !api.get("/api/v1/apps/pictures/runs/" + run).get("state").asText().matches("QUEUED|RUNNING"),
                300_000, "run " + run);
        double built = ms(start);
        JsonNode finished = api.get("/api/v1/apps/pictures/runs/" + run);
        if (!finished.get("state").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("run " + run + " ended " + finished.get("state").asText() + ": " + finished);
        }
        String digest = finished.get("artifact").asText();
        String slipway = "127.0.0.1:" + server.port();
        docker.run("login", "-u", "admin", "-p", TOKEN, slipway);
        String distribution = services.registry() + "/bench/image";
        skopeo.copy("docker://" + slipway + "/pictures@" + digest, "docker://" + distribution + ":1",
                "--src-creds", "admin:" + TOKEN);
        String copied = skopeo.digest("docker://" + distribution + ":1");
        if (!copied.equals(digest)) {
            throw new IllegalStateException("the copy changed the digest: " + digest + " -> " + copied);
        }

        Map<String, String> sides = new LinkedHashMap<>();
        sides.put("distribution", distribution + "@" + digest);
        sides.put("slipway", slipway + "/pictures@" + digest);
        System.out.printf("git push -> image built and pullable (%d MB layer): %.1f ms%n", megabytes, built);
        System.out.printf("docker pull of a %d MB image (%s), %d rounds, the image removed between pulls%n",
                megabytes, digest, rounds);
        report(time(docker, sides, rounds));
    }

    /** busybox and {@code megabytes} MB of random bytes (incompressible, as a real layer of jars is near enough). */
    static void setUpRepo(Path repo, int megabytes) throws Exception {
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.email", "bench@example.com");
        git(repo, "config", "user.name", "bench");
        Files.writeString(repo.resolve(".slipway.yml"), """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps: [ { run: "sh build.sh" } ]
                        image:
                          base: scratch
                          files: [ { from: "rootfs/", to: "/" } ]
                          cmd: [ "/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www" ]
                """);
        Files.writeString(repo.resolve("build.sh"), "set -e\nmkdir -p rootfs/bin rootfs/www rootfs/data\n"
                + "cp /bin/busybox rootfs/bin/busybox\necho bench > rootfs/www/index.html\n"
                + "head -c " + ((long) megabytes << 20) + " /dev/urandom > rootfs/data/blob\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "an image of " + megabytes + " MB");
    }

    static long runNumber(String pushOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run #(\\d+)").matcher(pushOutput);
        if (!m.find()) {
            throw new IllegalStateException("the push started no run:\n" + pushOutput);
        }
        return Long.parseLong(m.group(1));
    }

    /** Pulls each side's reference {@code rounds} times, alternating which goes first, removing the image after each. */
    static Map<String, List<Double>> time(DockerCli docker, Map<String, String> sides, int rounds) throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        sides.keySet().forEach(side -> times.put(side, new ArrayList<>()));
        List<String> order = new ArrayList<>(sides.keySet());
        for (int round = 1; round <= rounds; round++) {
            for (String side : order) {
                String reference = sides.get(side);
                long start = System.nanoTime();
                docker.run("pull", "-q", reference);
                double took = ms(start);
                times.get(side).add(took);
                docker.removeImage(reference);
                System.out.printf("round %d  %-13s %8.1f ms%n", round, side, took);
            }
            order.add(order.remove(0)); // who went first goes last next round
        }
        return times;
    }

    static void report(Map<String, List<Double>> times) {
        System.out.println();
        System.out.printf("%-13s %12s %12s %12s%n", "registry", "median", "min", "max");
        times.forEach((side, ms) -> System.out.printf("%-13s %9.1f ms %9.1f ms %9.1f ms%n", side, pct(ms, 50),
                pct(ms, 0), pct(ms, 100)));
        if (times.containsKey("slipway")) {
            System.out.printf("%nslipway / distribution (medians): %.2f× (target ≤ 1.2×)%n",
                    pct(times.get("slipway"), 50) / pct(times.get("distribution"), 50));
        }
    }
}

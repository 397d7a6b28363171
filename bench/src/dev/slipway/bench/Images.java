package dev.slipway.bench;

import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker pull} of one image (default 50 MB) from Slipway's built-in registry vs from the CNCF distribution
 * registry: the same image (same manifest digest) on both, each pulled R times (default 5) into one real Docker
 * engine, the image removed between pulls and the sides taking turns to go first; prints every pull, the medians and
 * their ratio (the issue's target: Slipway within 1.2× of the distribution registry, or faster). The engine and the
 * distribution registry come from {@code bin/test-services} and are stopped by pidfile at the end.
 *
 * <p>SKELETON — what is still TODO is the Slipway side, marked TODO(slipway) below:
 * <ol>
 *   <li>start a {@link SlipwayServer}, create an app, push a repository whose pipeline declares {@code image:}
 *       (base {@code scratch}, files: busybox + {@code megabytes} MB of incompressible data from the workspace), wait
 *       for the run, time push → pullable, and read the image's digest from the run (as {@code slipway runs --json}
 *       shows it);</li>
 *   <li>log the engine in to Slipway ({@code docker --config … login 127.0.0.1:PORT} with a viewer token);</li>
 *   <li>copy that image from Slipway to the distribution registry with skopeo (replacing the stand-in below), so
 *       both sides serve the same digest;</li>
 *   <li>add "slipway" → {@code 127.0.0.1:PORT/APP@DIGEST} to the sides timed.</li>
 * </ol>
 * Until then the distribution side is timed with a stand-in image built here as an OCI layout (one uncompressed
 * layer, as Slipway's builder writes them) and copied there with skopeo.
 */
public final class Images {

    public static void main(String[] args) throws Exception {
        int rounds = Args.count(args, 0, "rounds", 5, 1);
        int megabytes = Args.count(args, 1, "megabytes", 50, 1);
        try (TestServices services = TestServices.start()) {
            Path work = Files.createTempDirectory("slipway-bench-images");
            try {
                run(services, work, rounds, megabytes);
            } finally {
                Dirs.delete(work);
            }
        }
    }

    static void run(TestServices services, Path work, int rounds, int megabytes) throws Exception {
        DockerCli docker = new DockerCli(services.dockerHost(), work.resolve("docker-config"));
        Skopeo skopeo = new Skopeo(work.resolve("skopeo"));

        // TODO(slipway): build the image through a Slipway pipeline and use docker://SLIPWAY/APP@DIGEST as the source
        Path layout = StandInImage.write(work.resolve("layout"), megabytes);
        String source = "oci:" + layout + ":bench";

        String distribution = services.registry() + "/bench/image";
        skopeo.copy(source, "docker://" + distribution + ":1");
        String digest = skopeo.digest("docker://" + distribution + ":1");

        Map<String, String> sides = new LinkedHashMap<>();
        sides.put("distribution", distribution + "@" + digest);
        // TODO(slipway): sides.put("slipway", SLIPWAY_HOST_PORT + "/" + APP + "@" + digest);

        System.out.printf("docker pull of a %d MB image (%s), %d rounds, the image removed between pulls%n",
                megabytes, digest, rounds);
        Map<String, List<Double>> times = time(docker, sides, rounds);
        report(times);
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
        } else {
            System.out.printf("%nslipway: TODO (Slipway's registry is not measured yet; see Images.java)%n");
        }
    }
}

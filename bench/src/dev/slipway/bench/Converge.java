package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Promotion approved → every target of production serving the new digest, for 1, 2 and 3 Docker engines in one run:
 * three real dockerd (own dirs, bin/test-services), one real server (target/slipway.jar), three apps whose pipeline
 * builds a small busybox image (scratch + busybox-static + a page), staging on engine 1, production of app cN bound
 * to engines 1..N ({@code from: staging}, {@code approvals: { required: 1 }}, the rollout mode given). Each app's two
 * releases are promoted in turn (two warm-up promotions per app first: the engines pull each image once); each timed
 * promotion starts at the approval call and ends when every target serves the new release, seen two ways:
 * <ul>
 *   <li>at the engines: each engine's own event stream says when the new release's container started there, and
 *       its address (127.0.0.1:PORT from the container's inspect) is polled until it answers with the new page;</li>
 *   <li>as Slipway says: the status API lists every target IN_SYNC on the new digest and each target's address
 *       ({@code targets[].address}) answers with the new page.</li>
 * </ul>
 * Everything is checked every 20 ms. The engine counts take turns within each repetition, so a busy moment on the
 * machine does not land on one count only. For scale, the same image started with {@code docker run} on 1, 2 and 3
 * engines at once (no Slipway). Then the router's added latency: sequential GETs through production's address vs
 * straight to one of its containers, for the 1-engine app (one upstream) and the 3-engine app (three).
 */
public final class Converge {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN = "slw_benchconverge.bench-admin-token-with-enough-entropy-0123456789";
    static final int ENGINES = 3;
    static final long POLL_MS = 20;
    static final Duration PROMOTION_TIMEOUT = Duration.ofMinutes(3);
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "sh", "-c", "mkdir -p /tmp/www && echo \\"$(cat /www/index.html) on $PORT\\" > /tmp/www/index.html && exec /bin/busybox httpd -f -p $PORT -h /tmp/www" ]
            environments:
              - name: staging
                branches: [ main ]
              - name: production
                from: staging
                approvals: { required: 1 }
                rollout: ROLLOUT
            """;
    static final String BUILD = """
            #!/bin/sh
            set -e
            mkdir -p rootfs/bin rootfs/www rootfs/tmp
            cp /bin/busybox rootfs/bin/busybox
            ln -sf busybox rootfs/bin/sh
            ln -sf busybox rootfs/bin/cat
            ln -sf busybox rootfs/bin/mkdir
            cp index.html rootfs/www/index.html
            """;

    /** One engine of the bench: its services dir, its API socket, the CLI. */
    record Engine(String name, TestServices services, DockerSocket socket, DockerCli cli) {}

    /** A release of an app: the commit staging ran, its image digest, the text its page says. */
    record Release(String commit, String digest, String page) {}


    /**
     * One promotion: ms from the approval call to the first container created (what Slipway does before an engine
     * is asked for anything), the last container started, all serving, Slipway in sync.
     */
    record Timing(double created, double started, double serving, double inSync) {}

    /** An app bound to {@code engines} engines and its two releases. */
    record FleetApp(String name, int engines, List<Release> releases) {}

    private final List<Engine> engines = new ArrayList<>();
    private final ConcurrentLinkedQueue<Probe> started = new ConcurrentLinkedQueue<>();
    /** When the bench heard each production container was created, by container id. */
    private final Map<String, Long> created = new java.util.concurrent.ConcurrentHashMap<>();
    /** The page each release's digest serves, so a probe knows what to wait for. */
    private final Map<String, String> pages = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService probes = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "probe");
        thread.setDaemon(true);
        return thread;
    });
    private Api api;
    private String approver;

    public static void main(String[] args) throws Exception {
        int repetitions = Args.count(args, 0, "repetitions", 5, 1);
        int requests = Args.count(args, 1, "requests", 2000, 100);
        String rollout = args.length > 2 ? args[2] : "parallel";
        if (!rollout.matches("parallel|one_by_one")) {
            System.err.println("bench: rollout must be 'parallel' or 'one_by_one', got '" + rollout + "'");
            System.exit(2);
        }
        System.out.printf("converge: promotion approved -> every target serving the new digest, production on 1, 2"
                + " and 3 Docker engines (rollout: %s, strategy: recreate), %d repetitions each, checked every %d ms;"
                + " then the router with 1 and 3 upstreams, %d sequential GETs each way%n", rollout, repetitions, POLL_MS,
                requests);
        Cleanup cleanup = Cleanup.withShutdownHook();
        try {
            new Converge().run(cleanup, repetitions, requests, rollout);
        } finally {
            cleanup.close();
        }
    }

    void run(Cleanup cleanup, int repetitions, int requests, String rollout) throws Exception {
        String loadBefore = loadAverage();
        long setup = System.nanoTime();
        startEngines(cleanup);
        SlipwayServer server = SlipwayServer.start("slipway-bench-converge", ADMIN);
        AtomicBoolean finished = new AtomicBoolean();
        cleanup.add("server data", () -> {
            if (finished.get()) {
                Dirs.delete(server.work());
            } else {
                System.err.println("bench: kept the server's data and log for a look: " + server.work());
            }
        });
        cleanup.add("stop the server", server::stop);
        api = new Api(HTTP, server.base(), ADMIN);
        new Poll(100).until(api::healthy, 60_000, "server start (log: " + server.work().resolve("server.log") + ")");
        List<FleetApp> apps = setUp(server, rollout);
        System.out.printf("set-up (3 engines, server, 3 apps x 2 releases built and live in staging): %.0f s%n",
                ms(setup) / 1000);

        Map<Integer, List<Timing>> timings = promoteInTurn(apps, repetitions);
        Map<Integer, List<Double>> bare = bareEngines(apps.get(ENGINES - 1), repetitions);
        // a whole untimed pass over both first: whichever went first paid for the warm-up (JIT, connections) and
        // looked ~1 ms slower, whether it had one upstream or three
        routerOverhead(apps.get(0), requests);
        routerOverhead(apps.get(ENGINES - 1), requests);
        List<RouterFigures> routers = List.of(routerOverhead(apps.get(0), requests),
                routerOverhead(apps.get(ENGINES - 1), requests));
        print(timings, bare, routers, rollout, loadBefore);
        finished.set(true);
    }

    /** Three engines at once, each stopped (its containers removed first) by the cleanup, also if its start fails. */
    private void startEngines(Cleanup cleanup) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ENGINES);
        try {
            List<Future<Engine>> starting = new ArrayList<>();
            for (int i = 1; i <= ENGINES; i++) {
                String name = "e" + i;
                TestServices services = TestServices.prepare("docker");
                cleanup.add("stop engine " + name, services::close);
                starting.add(pool.submit(() -> {
                    services.begin();
                    return new Engine(name, services, new DockerSocket(services.dockerHost()),
                            new DockerCli(services.dockerHost(), services.dir().resolve("client")));
                }));
            }
            for (Future<Engine> f : starting) {
                Engine engine = f.get();
                engines.add(engine);
                cleanup.add("remove the containers of engine " + engine.name(), () -> removeContainers(engine));
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < engines.size(); i++) {
            int index = i;
            SocketChannel events = engines.get(i).socket().events(
                    "{\"type\":[\"container\"],\"event\":[\"create\",\"start\"],"
                            + "\"label\":[\"dev.slipway.environment=production\"]}",
                    e -> {
                        if ("create".equals(e.path("Action").asText())) {
                            created.put(e.path("id").asText(), System.nanoTime());
                        } else {
                            started.add(probe(index, e));
                        }
                    });
            cleanup.add("close the event stream of " + engines.get(i).name(), events::close);
        }
    }

    /**
     * A production container an engine reported started: probed on a thread of its own, from now on, every 20 ms
     * until its address serves its release's page (at most the promotion timeout).
     */
    private Probe probe(int engine, JsonNode event) {
        JsonNode labels = event.path("Actor").path("Attributes");
        Probe probe = new Probe(engine, labels.path("dev.slipway.app").asText(),
                labels.path("dev.slipway.digest").asText(), event.path("id").asText(), System.nanoTime());
        probes.submit(() -> {
            probe.port = port(engines.get(engine), probe.container);
            String page = pages.get(probe.digest);
            long deadline = probe.startedAt + PROMOTION_TIMEOUT.toNanos();
            while (page != null && System.nanoTime() < deadline) {
                if (api.answers("http://127.0.0.1:" + probe.port + "/", page)) {
                    probe.servedAt = System.nanoTime();
                    return null;
                }
                Thread.sleep(POLL_MS);
            }
            return null;
        });
        return probe;
    }

    private static void removeContainers(Engine engine) throws Exception {
        List<String> ids = engine.cli().run("ps", "-aq").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!ids.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("rm", "-f"));
            command.addAll(ids);
            engine.cli().run(command.toArray(String[]::new));
        }
    }

    /** Targets e1..e3, an approver, and apps c1..c3 (cN's production bound to e1..eN), each with two releases. */
    private List<FleetApp> setUp(SlipwayServer server, String rollout) throws Exception {
        for (Engine e : engines) {
            api.post("/api/v1/targets", "{\"name\":\"" + e.name() + "\",\"endpoint\":\"" + e.services().dockerHost()
                    + "\"}");
        }
        api.post("/api/v1/users", "{\"name\":\"approver\"}");
        approver = api.post("/api/v1/tokens", "{\"user\":\"approver\"}").get("token").asText();
        List<FleetApp> apps = new ArrayList<>();
        for (int n = 1; n <= ENGINES; n++) {
            String app = "c" + n;
            api.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
            api.post("/api/v1/grants", "{\"user\":\"approver\",\"role\":\"releaser\",\"app\":\"" + app + "\"}");
            bind(app, "staging", engines.get(0).name());
            for (int i = 0; i < n; i++) {
                bind(app, "production", engines.get(i).name());
            }
            apps.add(new FleetApp(app, n, releases(server, app, rollout)));
        }
        return apps;
    }

    private void bind(String app, String env, String target) throws Exception {
        api.post("/api/v1/target-bindings", "{\"app\":\"" + app + "\",\"environment\":\"" + env + "\",\"target\":\""
                + target + "\"}");
    }

    /** Two commits pushed with the real git, each built and live in staging. */
    private List<Release> releases(SlipwayServer server, String app, String rollout) throws Exception {
        Path repo = Files.createDirectories(server.work().resolve("repo-" + app));
        Files.writeString(repo.resolve(".slipway.yml"), PIPELINE.replace("ROLLOUT", rollout));
        Files.writeString(repo.resolve("build.sh"), BUILD);
        Files.setPosixFilePermissions(repo.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        git(repo, "init", "-q", "-b", "main");
        List<Release> releases = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            String page = app + " release " + name;
            Files.writeString(repo.resolve("index.html"), page + "\n");
            git(repo, "add", "-A");
            git(repo, "commit", "-qm", page);
            git(repo, "push", "-q", server.gitRemote(app), "HEAD:refs/heads/main");
            String commit = git(repo, "rev-parse", "HEAD").strip();
            Release release = new Release(commit, awaitStaging(app, commit), page);
            pages.put(release.digest(), page);
            releases.add(release);
        }
        return releases;
    }

    /** Waits until staging runs {@code commit}; its digest. A failed run or deployment throws with its reason. */
    private String awaitStaging(String app, String commit) throws Exception {
        String[] digest = new String[1];
        new Poll(100).until(() -> {
            for (JsonNode run : api.get("/api/v1/apps/" + app + "/runs").path("runs")) {
                if (run.path("commit").asText().equals(commit) && run.path("state").asText().matches("FAILED|CANCELLED")) {
                    throw new IllegalStateException(app + " run #" + run.path("number").asText() + " "
                            + run.path("state").asText() + ": " + run.path("error").asText());
                }
            }
            JsonNode staging = environment(app, "staging");
            if (staging == null) {
                return false;
            }
            failedDeployment(staging, commit, "commit");
            if (commit.equals(staging.path("commit").asText()) && "LIVE".equals(staging.path("state").asText())) {
                digest[0] = staging.path("digest").asText();
                return true;
            }
            return false;
        }, 300_000, app + " staging running " + commit);
        return digest[0];
    }

    private static void failedDeployment(JsonNode env, String value, String field) {
        JsonNode last = env.path("last_deployment");
        if (value.equals(last.path(field).asText()) && last.path("state").asText().matches("FAILED|ERRORED")) {
            throw new IllegalStateException(env.path("name").asText() + " deployment #" + last.path("id").asText()
                    + " " + last.path("state").asText() + ": " + last.path("reason").asText());
        }
    }

    private JsonNode environment(String app, String env) throws Exception {
        for (JsonNode e : api.get("/api/v1/apps/" + app + "/status").path("environments")) {
            if (e.path("name").asText().equals(env)) {
                return e;
            }
        }
        return null;
    }

    /** Two warm-up promotions per app, then {@code repetitions} rounds of one timed promotion per app in turn. */
    private Map<Integer, List<Timing>> promoteInTurn(List<FleetApp> apps, int repetitions) throws Exception {
        for (FleetApp app : apps) {
            for (int i = 0; i < 2; i++) {
                promote(app, app.releases().get(i));
            }
        }
        Map<Integer, List<Timing>> timings = new HashMap<>();
        for (int r = 0; r < repetitions; r++) {
            for (FleetApp app : apps) {
                Timing t = promote(app, app.releases().get(r % 2));
                timings.computeIfAbsent(app.engines(), n -> new ArrayList<>()).add(t);
                System.out.printf("  round %d, %d engine(s): first container created %5.0f ms, last started %5.0f ms,"
                        + " all serving %5.0f ms, Slipway in sync %5.0f ms%n", r + 1, app.engines(), t.created(),
                        t.started(), t.serving(), t.inSync());
            }
        }
        return timings;
    }

    /** Requests the promotion, approves it as the approver and times it (see the class comment). */
    private Timing promote(FleetApp app, Release release) throws Exception {
        long id = api.post("/api/v1/apps/" + app.name() + "/promotions", "{\"environment\":\"production\",\"commit\":\""
                + release.commit() + "\"}").get("id").asLong();
        started.clear();
        long t0 = System.nanoTime();
        api.post("/api/v1/apps/" + app.name() + "/promotions/" + id + "/approve", "", approver);
        return watch(app, release, t0);
    }

    /**
     * The same image started straight on the first N engines at once with the docker CLI (host network, --init, a
     * free PORT, as Slipway starts it), timed from the first `docker run` to every container serving its page;
     * N = 1, 2, 3 in turn, {@code repetitions} times. What the engines and this machine give, without Slipway.
     */
    private Map<Integer, List<Double>> bareEngines(FleetApp app, int repetitions) throws Exception {
        Map<Integer, List<Double>> times = new HashMap<>();
        Map<Integer, String> images = new HashMap<>();
        for (int i = 0; i < ENGINES; i++) {
            DockerCli cli = engines.get(i).cli();
            String container = cli.run("ps", "-q", "--filter", "label=dev.slipway.app=" + app.name(), "--filter",
                    "label=dev.slipway.environment=production").lines().findFirst().orElseThrow().strip();
            images.put(i, cli.run("inspect", "--format", "{{.Image}}", container).strip()); // sha256:… (its id)
        }
        ExecutorService pool = Executors.newFixedThreadPool(ENGINES);
        try {
            for (int r = 0; r < repetitions; r++) {
                for (int n = 1; n <= ENGINES; n++) {
                    times.computeIfAbsent(n, k -> new ArrayList<>()).add(bareRun(pool, images, n, app));
                }
            }
        } finally {
            pool.shutdown();
        }
        return times;
    }

    private double bareRun(ExecutorService pool, Map<Integer, String> images, int n, FleetApp app) throws Exception {
        long t0 = System.nanoTime();
        List<Future<String>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Engine engine = engines.get(i);
            String image = images.get(i);
            runs.add(pool.submit(() -> {
                int port = SlipwayServer.freePort();
                engine.cli().run("run", "-d", "--init", "--network", "host", "--label", "bench=bare", "-e",
                        "PORT=" + port, image);
                new Poll(POLL_MS).until(() -> api.answers("http://127.0.0.1:" + port + "/", app.name() + " release"),
                        60_000, "a bare container on " + engine.name());
                return engine.name();
            }));
        }
        for (Future<String> run : runs) {
            run.get();
        }
        double took = ms(t0);
        for (int i = 0; i < n; i++) {
            DockerCli cli = engines.get(i).cli();
            List<String> ids = cli.run("ps", "-aq", "--filter", "label=bench=bare").lines().map(String::strip)
                    .filter(id -> !id.isEmpty()).toList();
            List<String> command = new ArrayList<>(List.of("rm", "-f"));
            command.addAll(ids);
            cli.run(command.toArray(String[]::new));
        }
        return took;
    }

    /** A production container on one engine: when the bench heard it started, its port, when it first served. */
    private static final class Probe {
        final int engine;
        final String app;
        final String digest;
        final String container;
        final long startedAt;
        volatile int port;
        volatile long servedAt;

        Probe(int engine, String app, String digest, String container, long startedAt) {
            this.engine = engine;
            this.app = app;
            this.digest = digest;
            this.container = container;
            this.startedAt = startedAt;
        }
    }

    private Timing watch(FleetApp app, Release release, long t0) throws Exception {
        Map<Integer, Probe> probes = new HashMap<>();
        double inSync = -1;
        long deadline = t0 + PROMOTION_TIMEOUT.toNanos();
        while (true) {
            for (Probe p; (p = started.poll()) != null; ) {
                if (p.app.equals(app.name()) && p.digest.equals(release.digest()) && p.startedAt >= t0) {
                    probes.putIfAbsent(p.engine, p);
                }
            }
            try {
                if (inSync < 0 && slipwayInSync(app, release)) {
                    inSync = ms(t0);
                }
            } catch (IllegalStateException failed) {
                throw new IllegalStateException(failed.getMessage() + "\n" + whoListens(probes.values()), failed);
            }
            boolean allServing = probes.size() == app.engines() && probes.values().stream().allMatch(p -> p.servedAt > 0);
            if (allServing && inSync >= 0) {
                long lastStart = probes.values().stream().mapToLong(p -> p.startedAt).max().orElseThrow();
                long lastServed = probes.values().stream().mapToLong(p -> p.servedAt).max().orElseThrow();
                long firstCreated = probes.values().stream().mapToLong(p -> created.getOrDefault(p.container, p.startedAt))
                        .min().orElseThrow();
                return new Timing((firstCreated - t0) / 1e6, (lastStart - t0) / 1e6, (lastServed - t0) / 1e6, inSync);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("promotion of " + release.page() + " to " + app.engines()
                        + " engine(s) not done after " + PROMOTION_TIMEOUT.toSeconds() + " s: " + probes.size()
                        + " container(s) started; production: " + environment(app.name(), "production"));
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** What listens on the ports of the containers started (ss -ltnp): who took the port of a failed one. */
    private static String whoListens(java.util.Collection<Probe> probes) {
        StringBuilder out = new StringBuilder("containers started and what listens on their ports now:");
        for (Probe p : probes) {
            String ss;
            try {
                ss = Commands.run(Path.of("/"), "ss", "-Hltnp", "sport = :" + p.port).strip();
            } catch (Exception e) {
                ss = e.getMessage();
            }
            out.append("\n  ").append(p.container, 0, 12).append(" PORT=").append(p.port).append(": ")
                    .append(ss.isEmpty() ? "nothing" : ss);
        }
        return out.toString();
    }

    /** The container's PORT, from its inspect (a millisecond over the engine's socket). */
    private static int port(Engine engine, String container) throws Exception {
        for (JsonNode variable : engine.socket().get("/containers/" + container + "/json").path("Config").path("Env")) {
            if (variable.asText().startsWith("PORT=")) {
                return Integer.parseInt(variable.asText().substring("PORT=".length()));
            }
        }
        throw new IllegalStateException("container " + container + " on " + engine.name() + " has no PORT");
    }

    /** Whether the status API lists every target IN_SYNC on the release and each target's address serves it. */
    private boolean slipwayInSync(FleetApp app, Release release) throws Exception {
        JsonNode production = environment(app.name(), "production");
        if (production == null) {
            return false;
        }
        failedDeployment(production, release.digest(), "digest");
        int inSync = 0;
        for (JsonNode t : production.path("targets")) {
            if (t.path("sync").asText().equals("IN_SYNC") && t.path("digest").asText().equals(release.digest())
                    && t.hasNonNull("address") && api.answers("http://" + t.get("address").asText() + "/", release.page())) {
                inSync++;
            }
        }
        return inSync == app.engines();
    }

    /**
     * Sequential GETs through an environment's router and straight to one of its containers: times of the 200s,
     * how many of the others (status, first failure) each way, and how many containers answered through the router.
     */
    record RouterFigures(String app, List<Double> direct, List<Double> routed, int directFailed, int routedFailed,
                         String firstFailure, int upstreamsSeen, int upstreamsListed) {}

    /** Interleaved, one request at a time: straight to production's first container, then through its router. */
    private RouterFigures routerOverhead(FleetApp app, int requests) throws Exception {
        JsonNode production = environment(app.name(), "production");
        URI router = URI.create(production.get("url").asText());
        List<String> addresses = new ArrayList<>();
        production.path("targets").forEach(t -> addresses.add(t.path("address").asText()));
        URI direct = URI.create("http://" + addresses.get(0) + "/");
        Set<String> bodies = new HashSet<>();
        List<Double> straight = new ArrayList<>();
        List<Double> routed = new ArrayList<>();
        int[] failed = new int[2];
        String[] first = new String[1];
        int warmUp = Math.max(500, requests / 4);
        for (int i = 0; i < warmUp + requests; i++) {
            long t = System.nanoTime();
            String body = get(direct, failed, 0, first);
            if (body != null && i >= warmUp) {
                straight.add(ms(t));
            }
            t = System.nanoTime();
            body = get(router, failed, 1, first);
            if (body != null) {
                bodies.add(body.strip());
                if (i >= warmUp) {
                    routed.add(ms(t));
                }
            }
        }
        return new RouterFigures(app.name(), straight, routed, failed[0], failed[1], first[0], bodies.size(),
                addresses.size());
    }

    /** The body of a 200; anything else (or no answer) counts in {@code failed[which]}, the first one is kept. */
    private static String get(URI uri, int[] failed, int which, String[] first) {
        String why;
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return r.body();
            }
            why = "HTTP " + r.statusCode();
        } catch (Exception e) {
            why = e.toString();
        }
        failed[which]++;
        if (first[0] == null) {
            first[0] = uri + " " + why + " at " + Instant.now();
        }
        return null;
    }

    private void print(Map<Integer, List<Timing>> timings, Map<Integer, List<Double>> bare, List<RouterFigures> routers,
                       String rollout, String loadBefore) throws Exception {
        System.out.printf("%nconverge on %d cores, %.1f GiB, %s %s, %s; load average before %s, after %s%n",
                Runtime.getRuntime().availableProcessors(), memoryGiB(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                loadBefore, loadAverage());
        System.out.printf("approval -> every target serving the new digest (rollout: %s), ms:%n", rollout);
        System.out.println("  engines | all serving (median / p90) | first container created | last container started"
                + " | Slipway in sync | runs");
        for (int n = 1; n <= ENGINES; n++) {
            List<Timing> t = timings.get(n);
            System.out.printf("  %7d |            %13s | %23s | %22s | %15s | %4d%n", n, both(t, Timing::serving),
                    both(t, Timing::created), both(t, Timing::started), both(t, Timing::inSync), t.size());
        }
        double one = pct(timings.get(1).stream().map(Timing::serving).toList(), 50);
        double three = pct(timings.get(ENGINES).stream().map(Timing::serving).toList(), 50);
        System.out.printf("  3 engines / 1 engine (medians of all serving): %.2fx (target <= 1.3x in parallel mode)%n",
                three / one);
        System.out.println("the engines alone, for scale (docker run of the same image on N engines at once, no"
                + " Slipway: start -> every container serving), ms:");
        for (int n = 1; n <= ENGINES; n++) {
            System.out.printf("  %7d | median %6.0f  p90 %6.0f | %4d runs%n", n, pct(bare.get(n), 50),
                    pct(bare.get(n), 90), bare.get(n).size());
        }
        System.out.printf("  3 engines / 1 engine (medians): %.2fx%n",
                pct(bare.get(ENGINES), 50) / pct(bare.get(1), 50));
        for (RouterFigures router : routers) {
            System.out.printf("router of %s production, %d upstream(s) (%d answered through it), %d sequential GETs"
                            + " each way: direct median %.3f ms p99 %.3f ms, via router median %.3f ms p99 %.3f ms;"
                            + " added median %.3f ms, p99 %.3f ms (target < 1 ms); not 200: direct %d, via router %d%s%n",
                    router.app(), router.upstreamsListed(), router.upstreamsSeen(), router.direct().size(),
                    pct(router.direct(), 50), pct(router.direct(), 99), pct(router.routed(), 50),
                    pct(router.routed(), 99), pct(router.routed(), 50) - pct(router.direct(), 50),
                    pct(router.routed(), 99) - pct(router.direct(), 99), router.directFailed(), router.routedFailed(),
                    router.firstFailure() == null ? "" : " (first: " + router.firstFailure() + ")");
        }
    }

    private static String both(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> which) {
        List<Double> values = timings.stream().map(t -> which.applyAsDouble(t)).toList();
        return String.format("%.0f / %.0f", pct(values, 50), pct(values, 90));
    }

    private static double memoryGiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String loadAverage() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}

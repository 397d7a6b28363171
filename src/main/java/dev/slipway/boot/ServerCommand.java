package dev.slipway.boot;

import dev.slipway.auth.TokenLifetimes;
import dev.slipway.pipeline.Durations;
import dev.slipway.pipeline.JobLogLimit;
import dev.slipway.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "server", description = "Run the Slipway server (git remote, pipelines, environments, API).",
        mixinStandardHelpOptions = true)
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: ./slipway-data)")
    Path data = Path.of("slipway-data");

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: 8080; 0 picks a free one)")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--host", paramLabel = "ADDR",
            description = "address to listen on (default: 127.0.0.1; use 0.0.0.0 to serve a team)")
    String host = "127.0.0.1";

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "database (default: SQLite in the data directory), e.g. jdbc:postgresql://127.0.0.1/slipway?user=u&password=p; "
                    + "the login may instead come from SLIPWAY_DB_USER and SLIPWAY_DB_PASSWORD (off the command line)")
    String db;

    @Option(names = "--job-slots", paramLabel = "N", description = "jobs that may run at once (default: 2 × cores, at least 4)")
    int jobSlots = ServerConfig.defaultJobSlots();

    @Option(names = "--no-isolation", description = "run jobs and services unconfined (also SLIPWAY_ISOLATION=off): they "
            + "can then read the data directory, so any developer can act as admin; see README, Isolation")
    boolean noIsolation;

    @Option(names = "--max-token-lifetime", paramLabel = "DURATION",
            description = "longest a token may live that a user (not an admin) creates for themselves (default: 90d)")
    String maxTokenLifetime = "90d";

    @Option(names = "--job-log-limit", paramLabel = "SIZE", converter = JobLogLimitConverter.class,
            description = "bytes of each job's log that are kept, e.g. 100MB (default), 512KB, 1GB; output past it is "
                    + "dropped, counted in a last line, and the job runs on")
    JobLogLimit jobLogLimit = JobLogLimit.DEFAULT;

    @Option(names = "--stop-services", description = "stop every deployed service (live, ready, warm) when the server "
            + "stops; without it they keep running and the next start adopts them (with --router process, the "
            + "router process too)")
    boolean stopServices;

    @Option(names = "--keep-per-branch", paramLabel = "N", description = "the collector keeps the artifacts of the "
            + "newest N runs of each branch (default: 10); what was ever live outside per-branch environments, is "
            + "deployed now or is tagged is always kept")
    int keepPerBranch = RetentionPolicy.DEFAULT.keepPerBranch();

    @Option(names = "--keep-age", paramLabel = "DURATION", description = "the collector keeps anything stored or "
            + "recorded more recently than this (default: 14d)")
    String keepAge = "14d";

    @Option(names = "--gc-every", paramLabel = "DURATION", description = "how often the collector deletes what "
            + "nothing keeps from the content store (default: 1d; 'off': only `slipway gc`)")
    String gcEvery = "1d";

    @Option(names = "--router", paramLabel = "local|process", description = "where the environments' addresses are "
            + "served: 'process' (default) in `slipway router`, a process of its own that keeps serving while the "
            + "server is down or restarting; 'local' inside the server (they stop with it) (also SLIPWAY_ROUTER)")
    String router;

    @Option(names = "--public-url", paramLabel = "URL", description = "the address Docker engines and users reach "
            + "this Slipway at, e.g. http://slipway.example:8080 (default: http://127.0.0.1:PORT); engines pull "
            + "images from its registry at HOST:PORT")
    String publicUrl;

    static final class JobLogLimitConverter implements ITypeConverter<JobLogLimit> {
        @Override
        public JobLogLimit convert(String value) {
            try {
                return JobLogLimit.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration tokenLifetime;
        try {
            tokenLifetime = Durations.parse(maxTokenLifetime.strip());
        } catch (IllegalArgumentException e) {
            tokenLifetime = Duration.ZERO;
        }
        if (tokenLifetime.isZero() || tokenLifetime.compareTo(TokenLifetimes.LONGEST) > 0) {
            spec.commandLine().getErr().println("slipway: error: --max-token-lifetime must be a duration from 1ms to "
                    + "3650d, like 90d or 12h, got '" + maxTokenLifetime + "'");
            return 2;
        }
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("slipway: error: --port must be 0-65535, got " + port);
            return 2;
        }
        if (jobSlots < 1) {
            spec.commandLine().getErr().println("slipway: error: --job-slots must be at least 1, got " + jobSlots);
            return 2;
        }
        RetentionPolicy retention;
        Optional<Duration> collectEvery;
        Optional<PublicUrl> reachedAt;
        String database;
        try {
            database = DatabaseLogin.apply(db, System.getenv());
            reachedAt = publicUrl == null ? Optional.empty() : Optional.of(PublicUrl.parse(publicUrl));
            retention = new RetentionPolicy(keepPerBranch, duration("--keep-age", keepAge, true));
            collectEvery = gcEvery.strip().equalsIgnoreCase("off") ? Optional.empty()
                    : Optional.of(duration("--gc-every", gcEvery, false));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("slipway: error: " + e.getMessage());
            return 2;
        }
        String isolationSetting = Optional.ofNullable(System.getenv("SLIPWAY_ISOLATION")).orElse("on").trim()
                .toLowerCase(java.util.Locale.ROOT);
        if (!isolationSetting.matches("on|off|")) {
            spec.commandLine().getErr().println("slipway: error: SLIPWAY_ISOLATION must be 'on' or 'off', got '"
                    + isolationSetting + "'");
            return 2;
        }
        boolean isolation = !noIsolation && !isolationSetting.equals("off");
        String routerSetting = Optional.ofNullable(router).or(() -> Optional.ofNullable(System.getenv("SLIPWAY_ROUTER")))
                .orElse("process").strip().toLowerCase(java.util.Locale.ROOT);
        if (!routerSetting.matches("local|process")) {
            spec.commandLine().getErr().println("slipway: error: --router (or SLIPWAY_ROUTER) must be 'local' or "
                    + "'process', got '" + routerSetting + "'");
            return 2;
        }
        Slipway slipway;
        try {
            slipway = Slipway.start(new ServerConfig(data, host, port, database, jobSlots,
                    Optional.ofNullable(System.getenv("SLIPWAY_ADMIN_TOKEN")).filter(t -> !t.isBlank()), isolation,
                    tokenLifetime, jobLogLimit, stopServices, retention, collectEvery,
                    ServerConfig.RouterMode.valueOf(routerSetting.toUpperCase(java.util.Locale.ROOT)), reachedAt));
        } catch (StartupException e) {
            spec.commandLine().getErr().println("slipway: error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            slipway.close();
            stopped.countDown();
        }, "shutdown"));
        spec.commandLine().getOut().println("Slipway is running at " + slipway.url() + " (Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private static Duration duration(String option, String text, boolean zeroAllowed) {
        Duration parsed;
        try {
            parsed = Durations.parse(text.strip());
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || (!zeroAllowed && parsed.isZero())) {
            throw new IllegalArgumentException(option + " must be a duration" + (zeroAllowed ? "" : " of more than 0")
                    + ", like 14d, 12h or 30m" + (option.equals("--gc-every") ? ", or 'off'" : "") + ", got '" + text + "'");
        }
        return parsed;
    }
}

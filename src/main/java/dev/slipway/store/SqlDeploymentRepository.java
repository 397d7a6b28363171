package dev.slipway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.LiveSpan;
import dev.slipway.environment.NewDeployment;
import dev.slipway.environment.RunningService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class SqlDeploymentRepository implements DeploymentRepository {
    private static final String COLUMNS = "app, id, environment, digest, commit_sha, run, trigger_kind, actor, command, "
            + "health, start_timeout_ms, config, secret_names, state, reason, pid, pid_start, service_port, directory, container, created_at, finished_at, retired_at, slot, keep_warm_ms, "
            + "stop_grace_ms, liveness";
    private static final String SPAN_COLUMNS = "app, environment, id, state, finished_at, retired_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader CONFIG = JSON.readerFor(new TypeReference<Map<String, String>>() { });
    private static final ObjectReader SECRET_NAMES = JSON.readerFor(new TypeReference<List<String>>() { });

    private final Database db;

    public SqlDeploymentRepository(Database database) {
        this.db = database;
    }

    private static Deployment map(ResultSet rs) throws SQLException {
        Long pid = Times.nullableLong(rs, "pid");
        Long keepWarm = Times.nullableLong(rs, "keep_warm_ms");
        RunningService service = pid == null ? null : new RunningService(pid, rs.getLong("pid_start"),
                rs.getInt("service_port"), rs.getString("directory"), rs.getString("container"));
        Long stopGrace = Times.nullableLong(rs, "stop_grace_ms");
        Launch launch = new Launch(rs.getString("command"), rs.getString("health"),
                Duration.ofMillis(rs.getLong("start_timeout_ms")), config(rs.getString("config")),
                secretNames(rs.getString("secret_names")), stopGrace == null ? null : Duration.ofMillis(stopGrace),
                rs.getString("liveness"));
        return new Deployment(rs.getString("app"), rs.getLong("id"), rs.getString("environment"),
                Digest.parse(rs.getString("digest")), rs.getString("commit_sha"), rs.getLong("run"),
                DeploymentTrigger.valueOf(rs.getString("trigger_kind")), rs.getString("actor"), launch,
                DeploymentState.valueOf(rs.getString("state")), rs.getString("reason"), service,
                Times.instant(rs, "created_at"), Times.instant(rs, "finished_at"), Times.instant(rs, "retired_at"),
                rs.getString("slot"), keepWarm == null ? null : Duration.ofMillis(keepWarm));
    }

    private static Map<String, String> config(String json) {
        try {
            // most deployments have no config: skip the parser for the empty object
            return json.equals("{}") ? Map.of() : CONFIG.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored deployment config is not JSON", e);
        }
    }

    private static List<String> secretNames(String json) {
        try {
            return json.equals("[]") ? List.of() : SECRET_NAMES.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored deployment secret names are not JSON", e);
        }
    }

    @Override
    public Deployment create(NewDeployment d) {
        String config;
        String secretNames;
        try {
            config = JSON.writeValueAsString(d.launch().config());
            secretNames = JSON.writeValueAsString(d.launch().secrets());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return db.inTransaction(h -> {
            long id = Counters.next(h, d.app(), "deployment_counter");
            h.createUpdate("INSERT INTO deployments (app, id, environment, digest, commit_sha, run, trigger_kind, actor, "
                            + "command, health, start_timeout_ms, config, secret_names, state, created_at, stop_grace_ms, "
                            + "liveness) VALUES (:app, :id, :env, :digest, :commit, :run, :trigger, :actor, :command, "
                            + ":health, :timeout, :config, :secretNames, 'QUEUED', :at, :stopGrace, :liveness)")
                    .bind("app", d.app()).bind("id", id).bind("env", d.environment()).bind("digest", d.digest().toString())
                    .bind("commit", d.commit()).bind("run", d.run()).bind("trigger", d.trigger().name())
                    .bind("actor", d.actor()).bind("command", d.launch().command()).bind("health", d.launch().health())
                    .bind("timeout", d.launch().startTimeout().toMillis()).bind("config", config)
                    .bind("secretNames", secretNames).bind("stopGrace", d.launch().stopGrace().toMillis())
                    .bind("liveness", d.launch().liveness())
                    .bind("at", Times.millis(d.createdAt())).execute();
            return h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app AND id = :id")
                    .bind("app", d.app()).bind("id", id).map((rs, ctx) -> map(rs)).one();
        });
    }

    @Override
    public boolean move(String app, long id, DeploymentState from, DeploymentState to, Instant at, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("a deployment cannot move from " + from + " to " + to);
        }
        // LIVE -> RETIRED keeps finished_at: it says when the deployment finished deploying (went live)
        String time = to == DeploymentState.DEPLOYING ? "started_at = :at" : "finished_at = COALESCE(finished_at, :at)";
        return db.withHandle(h -> h.createUpdate("UPDATE deployments SET state = :to, " + time + ", "
                        + "reason = COALESCE(:reason, reason) WHERE app = :app AND id = :id AND state = :from")
                .bind("to", to.name()).bind("at", Times.millis(at)).bind("reason", reason)
                .bind("app", app).bind("id", id).bind("from", from.name()).execute()) == 1;
    }

    @Override
    public void setService(String app, long id, RunningService s) {
        db.useHandle(h -> h.createUpdate("UPDATE deployments SET pid = :pid, pid_start = :start, service_port = :port, "
                        + "directory = :dir, container = :container WHERE app = :app AND id = :id")
                .bind("pid", s == null ? null : s.pid()).bind("start", s == null ? null : s.startTicks())
                .bind("port", s == null ? null : s.port()).bind("dir", s == null ? null : s.directory())
                .bind("container", s == null ? null : s.container())
                .bind("app", app).bind("id", id).execute());
    }

    @Override
    public boolean goLive(String app, String environment, long id, Instant at) {
        return db.inTransaction(h -> {
            int moved = h.createUpdate("UPDATE deployments SET state = 'LIVE', finished_at = :at "
                            + "WHERE app = :app AND id = :id AND state = 'DEPLOYING'")
                    .bind("at", Times.millis(at)).bind("app", app).bind("id", id).execute();
            if (moved != 1) {
                return false;
            }
            h.createUpdate("UPDATE deployments SET state = 'RETIRED', retired_at = COALESCE(retired_at, :at) WHERE app = :app "
                            + "AND environment = :env AND state IN ('LIVE', 'WARM') AND id <> :id")
                    .bind("at", Times.millis(at)).bind("app", app).bind("env", environment).bind("id", id).execute();
            h.createUpdate("UPDATE environments SET live_deployment = :id WHERE app = :app AND name = :env")
                    .bind("id", id).bind("app", app).bind("env", environment).execute();
            return true;
        });
    }

    @Override
    public void setSlot(String app, long id, String slot, Duration keepWarm) {
        db.useHandle(h -> h.createUpdate("UPDATE deployments SET slot = :slot, keep_warm_ms = :keepWarm "
                        + "WHERE app = :app AND id = :id")
                .bind("slot", slot).bind("keepWarm", keepWarm == null ? null : keepWarm.toMillis())
                .bind("app", app).bind("id", id).execute());
    }

    @Override
    public boolean swap(String app, String environment, long id, DeploymentState from, Instant at) {
        if (!from.canMoveTo(DeploymentState.LIVE)) {
            throw new IllegalStateException("a deployment cannot move from " + from + " to LIVE");
        }
        return db.inTransaction(h -> {
            int moved = h.createUpdate("UPDATE deployments SET state = 'LIVE', finished_at = :at, retired_at = NULL "
                            + "WHERE app = :app AND id = :id AND environment = :env AND state = :from")
                    .bind("at", Times.millis(at)).bind("app", app).bind("id", id).bind("env", environment)
                    .bind("from", from.name()).execute();
            if (moved != 1) {
                return false;
            }
            h.createUpdate("UPDATE deployments SET state = 'RETIRED' WHERE app = :app AND environment = :env "
                            + "AND state = 'WARM'")
                    .bind("app", app).bind("env", environment).execute();
            h.createUpdate("UPDATE deployments SET state = 'WARM', retired_at = :at WHERE app = :app "
                            + "AND environment = :env AND state = 'LIVE' AND id <> :id")
                    .bind("at", Times.millis(at)).bind("app", app).bind("env", environment).bind("id", id).execute();
            h.createUpdate("UPDATE environments SET live_deployment = :id WHERE app = :app AND name = :env")
                    .bind("id", id).bind("app", app).bind("env", environment).execute();
            return true;
        });
    }

    @Override
    public List<Deployment> parked(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app "
                        + "AND environment = :env AND state IN ('READY', 'WARM') ORDER BY id DESC")
                .bind("app", app).bind("env", environment).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Deployment> parked() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments "
                + "WHERE state IN ('READY', 'WARM') ORDER BY app, id").map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<Deployment> find(String app, long id) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app AND id = :id")
                .bind("app", app).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Deployment> history(String app, String environment, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app "
                        + "AND environment = :env ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("env", environment).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Deployment> ofRun(String app, long run) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app "
                        + "AND run = :run ORDER BY id")
                .bind("app", app).bind("run", run).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Deployment> currentOfFixed() {
        // as current(app), for every app's fixed environments: row values (app, id), which both databases compare in IN
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE (app, id) IN ("
                        + "SELECT app, live_deployment FROM environments WHERE live_deployment IS NOT NULL "
                        + "AND branch IS NULL "
                        + "UNION SELECT e.app, (SELECT MAX(d.id) FROM deployments d WHERE d.app = e.app "
                        + "AND d.environment = e.name) FROM environments e WHERE e.branch IS NULL "
                        + "UNION SELECT app, MAX(id) FROM deployments WHERE state IN ('READY', 'WARM') "
                        + "GROUP BY app, environment)")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<BranchEnvironments> branchEnvironments() {
        // the newest deployment's state by the (app, environment, id) index; counted here, not row by row in Java
        return db.withHandle(h -> h.createQuery("SELECT app, live, latest, COUNT(*) AS n FROM ("
                        + "SELECT e.app, CASE WHEN e.live_deployment IS NULL THEN 0 ELSE 1 END AS live, "
                        + "(SELECT d.state FROM deployments d WHERE d.app = e.app AND d.environment = e.name "
                        + "ORDER BY d.id DESC LIMIT 1) AS latest FROM environments e WHERE e.branch IS NOT NULL) b "
                        + "GROUP BY app, live, latest ORDER BY app")
                .map((rs, ctx) -> {
                    String latest = rs.getString("latest");
                    return new BranchEnvironments(rs.getString("app"), rs.getInt("live") == 1,
                            latest == null ? null : DeploymentState.valueOf(latest), rs.getInt("n"));
                }).list());
    }

    @Override
    public List<Deployment> current(String app) {
        // Looked up by id, so the cost does not grow with the app's history: the live pointers; each environment's
        // newest (MAX on the (app, environment, id) index); the newest READY/WARM per environment, found through the
        // state index ("app || ''" keeps SQLite from scanning the app's rows instead; they are few in any case).
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app AND id IN ("
                        + "SELECT live_deployment FROM environments WHERE app = :app "
                        + "UNION SELECT (SELECT MAX(d.id) FROM deployments d WHERE d.app = e.app "
                        + "AND d.environment = e.name) FROM environments e WHERE e.app = :app "
                        + "UNION SELECT MAX(id) FROM deployments WHERE state IN ('READY', 'WARM') AND app || '' = :app "
                        + "GROUP BY environment)")
                .bind("app", app).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Deployment> wentLive(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE app = :app "
                        + "AND environment = :env AND state IN ('LIVE', 'WARM', 'RETIRED') ORDER BY id DESC")
                .bind("app", app).bind("env", environment).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<LiveSpan> wentLive(String app, String specName, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT " + SPAN_COLUMNS + " FROM deployments WHERE app = :app "
                        + "AND digest = :digest AND state IN ('LIVE', 'WARM', 'RETIRED') AND environment IN "
                        + "(SELECT name FROM environments WHERE app = :app AND spec_name = :spec) ORDER BY id DESC")
                .bind("app", app).bind("digest", digest.toString()).bind("spec", specName)
                .map((rs, ctx) -> span(rs)).list());
    }

    @Override
    public List<InSpec> wentLiveOfPending() {
        // from the pending promotions (state index) to their digests' deployments (app, digest index)
        return db.withHandle(h -> h.createQuery("SELECT e.spec_name, d.digest, d.app, d.environment, d.id, d.state, "
                        + "d.finished_at, d.retired_at FROM deployments d "
                        + "JOIN environments e ON e.app = d.app AND e.name = d.environment "
                        + "WHERE (d.app, d.digest) IN (SELECT app, digest FROM promotions WHERE state = 'PENDING') "
                        + "AND d.state IN ('LIVE', 'WARM', 'RETIRED') ORDER BY d.app, d.id DESC")
                .map((rs, ctx) -> new InSpec(rs.getString("spec_name"), Digest.parse(rs.getString("digest")), span(rs)))
                .list());
    }

    /** A deployment that went live: its finish is when it did (see {@link Deployment#liveSince()}). */
    private static LiveSpan span(ResultSet rs) throws SQLException {
        return new LiveSpan(rs.getString("app"), rs.getString("environment"), rs.getLong("id"),
                DeploymentState.valueOf(rs.getString("state")), Times.instant(rs, "finished_at"),
                Times.instant(rs, "retired_at"));
    }

    @Override
    public List<Deployment> unfinished() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments "
                + "WHERE state IN ('QUEUED', 'DEPLOYING') ORDER BY app, id").map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Deployment> orphaned() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments "
                + "WHERE pid IS NOT NULL AND state NOT IN ('LIVE', 'READY', 'WARM') ORDER BY app, id").map((rs, ctx) -> map(rs)).list());
    }
}

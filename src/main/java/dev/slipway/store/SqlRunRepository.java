package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.RunState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

public final class SqlRunRepository implements RunRepository {
    private static final String RUN_COLUMNS = "app, number, branch, commit_sha, tree_id, pipeline_digest, pushed_by, "
            + "state, error, artifact, reused_from, created_at, started_at, finished_at";
    /** The run columns, each prefixed with a table alias such as {@code "r."}. */
    static String prefixedColumns(String alias) {
        return java.util.Arrays.stream(RUN_COLUMNS.split(",")).map(c -> alias + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static final RowMapper<Run> RUN = (rs, ctx) -> new Run(
            rs.getString("app"), rs.getLong("number"), rs.getString("branch"), rs.getString("commit_sha"),
            rs.getString("tree_id"), rs.getString("pipeline_digest"), rs.getString("pushed_by"),
            RunState.valueOf(rs.getString("state")), rs.getString("error"),
            rs.getString("artifact") == null ? null : Digest.parse(rs.getString("artifact")),
            Times.nullableLong(rs, "reused_from"), Times.instant(rs, "created_at"),
            Times.instant(rs, "started_at"), Times.instant(rs, "finished_at"));
    private static final RowMapper<JobRun> JOB = (rs, ctx) -> new JobRun(
            rs.getString("app"), rs.getLong("run"), rs.getInt("stage_index"), rs.getString("stage"),
            rs.getString("name"), JobState.valueOf(rs.getString("state")), Times.nullableInt(rs, "exit_code"),
            rs.getString("error"), Times.instant(rs, "started_at"), Times.instant(rs, "finished_at"));

    private final Database db;

    public SqlRunRepository(Database database) {
        this.db = database;
    }

    @Override
    public Run create(NewRun run) {
        return db.inTransaction(h -> {
            long number = Counters.next(h, run.app(), "run_counter");
            h.createUpdate("INSERT INTO runs (app, number, branch, commit_sha, tree_id, pipeline_digest, pushed_by, "
                            + "state, created_at, committed_at) VALUES (:app, :number, :branch, :commit, :tree, :pipeline, "
                            + ":pushedBy, 'QUEUED', :at, :committedAt)")
                    .bind("app", run.app()).bind("number", number).bind("branch", run.branch())
                    .bind("commit", run.commit()).bind("tree", run.treeId()).bind("pipeline", run.pipelineDigest())
                    .bind("pushedBy", run.pushedBy()).bind("at", Times.millis(run.createdAt()))
                    .bind("committedAt", run.committedAt() == null ? null : Times.millis(run.committedAt())).execute();
            if (!run.jobs().isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO job_runs (app, run, name, stage_index, stage, state) "
                        + "VALUES (:app, :run, :name, :stageIndex, :stage, 'QUEUED')");
                for (NewRun.JobKey job : run.jobs()) {
                    batch.bind("app", run.app()).bind("run", number).bind("name", job.name())
                            .bind("stageIndex", job.stageIndex()).bind("stage", job.stage()).add();
                }
                batch.execute();
            }
            return findRun(h, run.app(), number).orElseThrow();
        });
    }

    @Override
    public boolean move(String app, long number, RunState from, RunState to, Instant at, String error) {
        from.checkMoveTo(to);
        String timeColumn = to == RunState.RUNNING ? "started_at" : "finished_at";
        return db.withHandle(h -> h.createUpdate("UPDATE runs SET state = :to, " + timeColumn + " = :at, "
                        + "error = COALESCE(:error, error) WHERE app = :app AND number = :number AND state = :from")
                .bind("to", to.name()).bind("at", Times.millis(at)).bind("error", error).bind("app", app)
                .bind("number", number).bind("from", from.name()).execute()) == 1;
    }

    @Override
    public void setArtifact(String app, long number, Digest artifact, Long reusedFrom) {
        db.useHandle(h -> h.createUpdate("UPDATE runs SET artifact = :artifact, reused_from = :reusedFrom "
                        + "WHERE app = :app AND number = :number")
                .bind("artifact", artifact.toString()).bind("reusedFrom", reusedFrom)
                .bind("app", app).bind("number", number).execute());
    }

    @Override
    public boolean moveJob(String app, long number, String job, JobState from, JobState to, Instant at,
                           Integer exitCode, String error) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("a job cannot move from " + from + " to " + to);
        }
        String timeColumn = to == JobState.RUNNING ? "started_at" : "finished_at";
        return db.inTransaction(h -> {
            boolean moved = h.createUpdate("UPDATE job_runs SET state = :to, " + timeColumn + " = :at, "
                        + "exit_code = :exitCode, error = :error "
                        + "WHERE app = :app AND run = :number AND name = :job AND state = :from")
                .bind("to", to.name()).bind("at", Times.millis(at)).bind("exitCode", exitCode).bind("error", error)
                .bind("app", app).bind("number", number).bind("job", job).bind("from", from.name()).execute() == 1;
            if (moved) {
                db.changed(app); // job moves are not audited (the run's are), but the run page shows them
            }
            return moved;
        });
    }

    @Override
    public Optional<Run> find(String app, long number) {
        return db.withHandle(h -> findRun(h, app, number));
    }

    private static Optional<Run> findRun(Handle h, String app, long number) {
        return h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE app = :app AND number = :number")
                .bind("app", app).bind("number", number).map(RUN).findOne();
    }

    @Override
    public List<Run> list(String app, int limit) {
        return list(List.of(app), limit).get(app);
    }

    @Override
    public Map<String, List<Run>> list(Collection<String> apps, int limit) {
        // one statement, prepared once on one connection and run per app (an index range each): a query per app
        // through Jdbi would prepare it again every time
        return db.withHandle(h -> {
            Map<String, List<Run>> byApp = new HashMap<>();
            try (PreparedStatement statement = h.getConnection().prepareStatement("SELECT " + RUN_COLUMNS
                    + " FROM runs WHERE app = ? ORDER BY number DESC LIMIT ?")) {
                for (String app : apps) {
                    statement.setString(1, app);
                    statement.setInt(2, limit);
                    List<Run> runs = new ArrayList<>();
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            runs.add(RUN.map(rs, null));
                        }
                    }
                    byApp.put(app, runs);
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
            return byApp;
        });
    }

    @Override
    public List<JobRun> jobs(String app, long number) {
        return db.withHandle(h -> h.createQuery("SELECT app, run, name, stage_index, stage, state, exit_code, error, "
                        + "started_at, finished_at FROM job_runs WHERE app = :app AND run = :number "
                        + "ORDER BY stage_index, name")
                .bind("app", app).bind("number", number).map(JOB).list());
    }

    @Override
    public Optional<Run> findReusable(String app, String treeId, String pipelineDigest) {
        return db.withHandle(h -> h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE app = :app "
                        + "AND tree_id = :tree AND pipeline_digest = :pipeline AND state = 'SUCCEEDED' "
                        + "AND artifact IS NOT NULL AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.app = runs.app "
                        + "AND a.digest = runs.artifact AND a.collected_at IS NOT NULL) ORDER BY number DESC LIMIT 1")
                .bind("app", app).bind("tree", treeId).bind("pipeline", pipelineDigest).map(RUN).findOne());
    }

    @Override
    public List<Run> ofCommit(String app, String commitPrefix, int limit) {
        if (!commitPrefix.matches("[0-9a-f]{1,40}")) {
            throw new IllegalArgumentException("a commit id is lower-case hex, got '" + commitPrefix + "'");
        }
        // Checked above: the prefix holds no LIKE wildcards.
        return db.withHandle(h -> h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE app = :app "
                        + "AND commit_sha LIKE :prefix ORDER BY number DESC LIMIT :limit")
                .bind("app", app).bind("prefix", commitPrefix + "%").bind("limit", limit).map(RUN).list());
    }

    @Override
    public List<Run> newestSucceededPerBranch() {
        return db.withHandle(h -> h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs r WHERE state = 'SUCCEEDED' "
                + "AND artifact IS NOT NULL AND number = (SELECT MAX(number) FROM runs n WHERE n.app = r.app "
                + "AND n.branch = r.branch) ORDER BY app, branch").map(RUN).list());
    }

    @Override
    public List<Run> unfinished() {
        return db.withHandle(h -> h.createQuery("SELECT " + RUN_COLUMNS + " FROM runs r "
                + "WHERE r.state IN ('QUEUED', 'RUNNING') OR EXISTS (SELECT 1 FROM job_runs j WHERE j.app = r.app "
                + "AND j.run = r.number AND j.state IN ('QUEUED', 'RUNNING')) ORDER BY created_at, app, number")
                .map(RUN).list());
    }

    @Override
    public void warn(String app, long number, String warning, Instant at) {
        db.useHandle(h -> h.createUpdate("INSERT INTO run_warnings (app, run, warning, created_at) "
                        + "VALUES (:app, :run, :warning, :at) ON CONFLICT (app, run, warning) DO NOTHING")
                .bind("app", app).bind("run", number).bind("warning", warning).bind("at", Times.millis(at)).execute());
    }

    @Override
    public Map<Long, List<String>> warnings(String app, long from, long to) {
        Map<Long, List<String>> byRun = new HashMap<>();
        db.useHandle(h -> h.createQuery("SELECT run, warning FROM run_warnings WHERE app = :app AND run BETWEEN :from "
                        + "AND :to ORDER BY run, created_at, warning")
                .bind("app", app).bind("from", from).bind("to", to)
                .map((rs, ctx) -> Map.entry(rs.getLong("run"), rs.getString("warning")))
                .forEach(e -> byRun.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return byRun;
    }
}

package dev.slipway.bench;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The data behind bench/dashboard's pages: writes what pushes, deployments and promotions would have written, row
 * for row, in one transaction. Server columns that name a running process (pid, port, directory) stay empty: nothing
 * runs, and a graceful stop must not signal processes that are not ours.
 */
final class DashboardSeed {
    static final int DEV_BRANCHES = 17;
    static final int RUNS_PER_APP = 250;
    static final int COMMITS_PER_APP = 10;
    static final long HOUR = 3_600_000L;

    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps:
                      - run: mkdir -p dist && cp VERSION dist/VERSION
                    artifact: [ "dist/" ]
              - name: test
                jobs:
                  unit:
                    steps: [ { run: "test -f dist/VERSION" } ]
            service:
              command: "java -cp dist Hello"
              health: /healthz
            environments:
              - name: dev
                branches: [ "*", "!main" ]
                ephemeral: true
              - name: staging
                branches: [ main ]
              - name: qa
                from: staging
              - name: production
                from: qa
                approvals: { required: 1, role: releaser, not_author: true }
                config: { GREETING: "hello from prod" }
            """;

    record Counts(int environments, int runs, int jobs, int deployments, int promotions, int pending) {}

    record SeededRun(long number, String branch, String commit, String digest, long finishedAt, String pushedBy) {}

    final Path data;
    final long now;
    final PipelineSpec spec;
    final String pipelineDigest;
    int environments;
    int runs;
    int jobs;
    int deployments;
    int promotions;
    int pending;
    int nextPort = 30_000;

    DashboardSeed(Path data, long now) throws Exception {
        this.data = data;
        this.now = now;
        this.spec = new PipelineParser().parse(PIPELINE); // a bench whose file the server would refuse measures nothing
        this.pipelineDigest = Digest.ofBytes(PIPELINE.getBytes(StandardCharsets.UTF_8)).toString();
    }

    Counts seed(List<String> apps) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("slipway.db")
                + "?foreign_keys=true&busy_timeout=30000")) {
            c.setAutoCommit(false);
            try (Statements s = new Statements(c)) {
                for (String app : apps) {
                    seedApp(s, app);
                }
                s.executeAll();
            }
            c.commit();
        }
        return new Counts(environments, runs, jobs, deployments, promotions, pending);
    }

    void seedApp(Statements s, String app) throws Exception {
        String[][] commits = commit(app); // [i] = {commit, tree}
        long start = now - 30 * 24 * HOUR;
        long step = 10_000_000L; // ~2.8 h between pushes: 250 runs span ~29 days
        List<SeededRun> succeeded = new ArrayList<>();
        String[] builtBy = new String[COMMITS_PER_APP];
        long[] builtRun = new long[COMMITS_PER_APP];
        for (int n = 1; n <= RUNS_PER_APP; n++) {
            int ci = (n - 1) / (RUNS_PER_APP / COMMITS_PER_APP);
            String branch = n % 5 == 0 ? "feature-" + (1 + (n / 5) % DEV_BRANCHES) : "main";
            String pusher = n % 2 == 0 ? "alice" : "bob";
            long created = start + n * step;
            String commit = commits[ci][0];
            String digest = "sha256:" + Digest.ofBytes((app + "/" + commit).getBytes(StandardCharsets.UTF_8)).hex();
            boolean fails = n % 13 == 0;
            boolean builds = !fails && builtBy[ci] == null;
            long finished;
            if (fails) {
                finished = created + 40_000;
                s.run(app, n, branch, commit, commits[ci][1], pipelineDigest, pusher, "FAILED", "a job failed",
                        null, null, created, created + 1_000, finished);
                s.job(app, n, "compile", 0, "build", "FAILED", 1, null, created + 1_000, finished);
                s.job(app, n, "unit", 1, "test", "SKIPPED", null, null, null, finished);
            } else if (builds) {
                finished = created + 90_000;
                s.run(app, n, branch, commit, commits[ci][1], pipelineDigest, pusher, "SUCCEEDED", null, digest,
                        null, created, created + 1_000, finished);
                s.job(app, n, "compile", 0, "build", "SUCCEEDED", 0, null, created + 1_000, created + 60_000);
                s.job(app, n, "unit", 1, "test", "SUCCEEDED", 0, null, created + 60_000, finished);
                s.artifact(app, digest, commit, commits[ci][1], pipelineDigest, n, 40_000 + n, created + 60_000);
                builtBy[ci] = digest;
                builtRun[ci] = n;
            } else { // same tree and pipeline file as a built run: its artifact is reused, nothing runs
                finished = created + 200;
                s.run(app, n, branch, commit, commits[ci][1], pipelineDigest, pusher, "SUCCEEDED", null, digest,
                        builtRun[ci], created, null, finished);
                s.job(app, n, "compile", 0, "build", "SKIPPED", null, null, null, finished);
                s.job(app, n, "unit", 1, "test", "SKIPPED", null, null, null, finished);
            }
            runs++;
            jobs += 2;
            if (!fails) {
                succeeded.add(new SeededRun(n, branch, commit, digest, finished, pusher));
            }
        }
        long deploymentId = 0;
        long promotionId = 0;
        List<Object[]> envRows = new ArrayList<>();
        // dev-<branch>: the branch's two newest successful runs, the newest LIVE
        for (int k = 1; k <= DEV_BRANCHES; k++) {
            String branch = "feature-" + k;
            List<SeededRun> ofBranch = succeeded.stream().filter(r -> r.branch.equals(branch)).toList();
            List<SeededRun> deployed = ofBranch.subList(Math.max(0, ofBranch.size() - 2), ofBranch.size());
            EnvironmentSpec dev = spec.environment("dev").orElseThrow();
            String env = dev.instanceName(branch);
            Long live = null;
            Long liveAt = null;
            for (int i = 0; i < deployed.size(); i++) {
                SeededRun r = deployed.get(i);
                long id = ++deploymentId;
                boolean last = i == deployed.size() - 1;
                Long retired = last ? null : Long.valueOf(deployed.get(i + 1).finishedAt + 20_000);
                s.deployment(app, id, env, r, "PUSH", r.pushedBy, last ? "LIVE" : "RETIRED", null,
                        r.finishedAt + 1_000, r.finishedAt + 20_000, retired);
                if (last) {
                    live = id;
                }
                liveAt = liveAt == null ? r.finishedAt + 1_000 : liveAt;
            }
            envRows.add(new Object[] {env, "dev", branch, live, liveAt == null ? start : liveAt});
        }
        // staging: pushes to main of the last five commits (one deployment failed its health check)
        List<SeededRun> mainRuns = succeeded.stream().filter(r -> r.branch.equals("main")).toList();
        List<SeededRun> staged = new ArrayList<>();
        for (int ci = COMMITS_PER_APP - 5; ci < COMMITS_PER_APP; ci++) {
            String commit = commits[ci][0];
            mainRuns.stream().filter(r -> r.commit.equals(commit)).reduce((a, b) -> b).ifPresent(staged::add);
        }
        deploymentId = path(s, app, envRows, "staging", staged, deploymentId, 2);
        // qa and production: promotions of what staging ran, production one commit behind qa
        List<SeededRun> toQa = staged.subList(0, staged.size() - 1);
        List<SeededRun> toProduction = staged.subList(0, staged.size() - 2);
        long[] ids = promote(s, app, envRows, "qa", toQa, deploymentId, promotionId);
        ids = promote(s, app, envRows, "production", toProduction, ids[0], ids[1]);
        deploymentId = ids[0];
        promotionId = ids[1];
        // waiting for an approval: what qa runs now (from: qa passes); every third app also one from staging,
        // which waits on its from: gate as well
        SeededRun waiting = toQa.get(toQa.size() - 1);
        s.promotion(app, ++promotionId, "production", waiting, "alice", "PENDING", null, waiting.finishedAt + HOUR);
        pending++;
        promotions++;
        if (Math.floorMod(app.hashCode(), 3) == 0) {
            SeededRun newest = staged.get(staged.size() - 1);
            s.promotion(app, ++promotionId, "production", newest, "bob", "PENDING", null, newest.finishedAt + HOUR);
            s.approval(app, promotionId, newest.pushedBy, newest.finishedAt + 2 * HOUR); // the author: not counted
            pending++;
            promotions++;
        }
        for (Object[] e : envRows) {
            s.environment(app, (String) e[0], (String) e[1], (String) e[2], nextPort++, (Long) e[3], (Long) e[4]);
            environments++;
        }
        s.counters(app, RUNS_PER_APP, deploymentId, promotionId);
    }

    /** Deployments of {@code runs} in turn to a shared environment, the last LIVE; {@code failedAt}: one FAILED. */
    long path(Statements s, String app, List<Object[]> envRows, String env, List<SeededRun> deployed, long id,
              int failedAt) throws Exception {
        Long live = null;
        Long created = null;
        for (int i = 0; i < deployed.size(); i++) {
            SeededRun r = deployed.get(i);
            long at = r.finishedAt + 1_000;
            created = created == null ? at : created;
            if (i == failedAt) {
                s.deployment(app, ++id, env, r, "PUSH", r.pushedBy, "FAILED",
                        "health check /healthz did not answer 200 within 30s", at - 600_000, at - 570_000, null);
            }
            boolean last = i == deployed.size() - 1;
            Long retired = last ? null : Long.valueOf(deployed.get(i + 1).finishedAt + 20_000);
            s.deployment(app, ++id, env, r, "PUSH", r.pushedBy, last ? "LIVE" : "RETIRED", null, at, at + 19_000,
                    retired);
            if (last) {
                live = id;
            }
        }
        envRows.add(new Object[] {env, env, null, live, created});
        return id;
    }

    /** Promotions (SUCCEEDED, with the deployment each made) of {@code runs} in turn; returns the next ids. */
    long[] promote(Statements s, String app, List<Object[]> envRows, String env, List<SeededRun> promoted,
                   long deploymentId, long promotionId) throws Exception {
        Long live = null;
        Long created = null;
        long offset = env.equals("production") ? 6 * HOUR : 2 * HOUR;
        for (int i = 0; i < promoted.size(); i++) {
            SeededRun r = promoted.get(i);
            long at = r.finishedAt + offset;
            created = created == null ? at : created;
            boolean last = i == promoted.size() - 1;
            long id = ++deploymentId;
            Long retired = last ? null : Long.valueOf(promoted.get(i + 1).finishedAt + offset + 20_000);
            s.deployment(app, id, env, r, "PROMOTION", "alice", last ? "LIVE" : "RETIRED", null, at, at + 19_000,
                    retired);
            s.promotion(app, ++promotionId, env, r, "alice", "SUCCEEDED", id, at - 60_000);
            if (env.equals("production")) {
                s.approval(app, promotionId, "carol", at - 30_000);
            }
            promotions++;
            if (last) {
                live = id;
            }
        }
        envRows.add(new Object[] {env, env, null, live, created});
        return new long[] {deploymentId, promotionId};
    }

    /** Ten commits on main in the app's bare repository, each with the pipeline file; branches feature-1..17. */
    String[][] commit(String app) throws IOException {
        String[][] out = new String[COMMITS_PER_APP][];
        try (Repository repo = new FileRepositoryBuilder().setGitDir(data.resolve("repos").resolve(app + ".git")
                .toFile()).setMustExist(true).build(); ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId pipeline = inserter.insert(Constants.OBJ_BLOB, PIPELINE.getBytes(StandardCharsets.UTF_8));
            ObjectId parent = null;
            PersonIdent who = new PersonIdent("bench", "bench@localhost");
            for (int i = 0; i < COMMITS_PER_APP; i++) {
                TreeFormatter tree = new TreeFormatter();
                tree.append(".slipway.yml", FileMode.REGULAR_FILE, pipeline);
                tree.append("VERSION", FileMode.REGULAR_FILE,
                        inserter.insert(Constants.OBJ_BLOB, ("1." + i + ".0\n").getBytes(StandardCharsets.UTF_8)));
                ObjectId treeId = inserter.insert(tree);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(treeId);
                if (parent != null) {
                    commit.setParentId(parent);
                }
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage("1." + i + ".0\n");
                parent = inserter.insert(commit);
                out[i] = new String[] {parent.name(), treeId.name()};
            }
            inserter.flush();
            ref(repo, "refs/heads/main", parent);
            for (int k = 1; k <= DEV_BRANCHES; k++) {
                ref(repo, "refs/heads/feature-" + k, parent);
            }
        }
        return out;
    }

    static void ref(Repository repo, String name, ObjectId to) throws IOException {
        RefUpdate update = repo.updateRef(name);
        update.setNewObjectId(to);
        RefUpdate.Result result = update.forceUpdate();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
            throw new IOException("cannot set " + name + ": " + result);
        }
    }

    /** Batched inserts in the server's own column lists (see dev.slipway.store.Sql*Repository). */
    final class Statements implements AutoCloseable {
        final PreparedStatement run;
        final PreparedStatement job;
        final PreparedStatement artifact;
        final PreparedStatement deployment;
        final PreparedStatement environment;
        final PreparedStatement promotion;
        final PreparedStatement approval;
        final PreparedStatement counters;
        final List<PreparedStatement> inOrder;

        Statements(Connection c) throws Exception {
            run = c.prepareStatement("INSERT INTO runs (app, number, branch, commit_sha, tree_id, pipeline_digest, "
                    + "pushed_by, state, error, artifact, reused_from, created_at, started_at, finished_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            job = c.prepareStatement("INSERT INTO job_runs (app, run, name, stage_index, stage, state, exit_code, "
                    + "error, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            artifact = c.prepareStatement("INSERT INTO artifacts (app, digest, commit_sha, tree_id, pipeline_digest, "
                    + "run, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            deployment = c.prepareStatement("INSERT INTO deployments (app, id, environment, digest, commit_sha, run, "
                    + "trigger_kind, actor, command, health, start_timeout_ms, config, secret_names, state, reason, "
                    + "created_at, started_at, finished_at, retired_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?)");
            environment = c.prepareStatement("INSERT INTO environments (app, name, spec_name, branch, port, "
                    + "live_deployment, created_at, ttl_ms) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)");
            promotion = c.prepareStatement("INSERT INTO promotions (app, id, environment, digest, commit_sha, run, "
                    + "source, requested_by, author, state, reason, deployment, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, 'CLI', ?, ?, ?, ?, ?, ?, ?)");
            approval = c.prepareStatement("INSERT INTO promotion_approvals (app, promotion, user_name, decision, "
                    + "reason, decided_at) VALUES (?, ?, ?, 'APPROVE', NULL, ?)");
            counters = c.prepareStatement("UPDATE apps SET run_counter = ?, deployment_counter = ?, "
                    + "promotion_counter = ? WHERE name = ?");
            inOrder = List.of(run, job, artifact, deployment, environment, promotion, approval, counters);
        }

        void run(String app, long number, String branch, String commit, String tree, String pipeline, String by,
                 String state, String error, String artifactDigest, Long reusedFrom, long created, Long started,
                 Long finished) throws Exception {
            set(run, app, number, branch, commit, tree, pipeline, by, state, error, artifactDigest, reusedFrom,
                    created, started, finished);
        }

        void job(String app, long number, String name, int stageIndex, String stage, String state, Integer exit,
                 String error, Long started, Long finished) throws Exception {
            set(job, app, number, name, stageIndex, stage, state, exit, error, started, finished);
        }

        void artifact(String app, String digest, String commit, String tree, String pipeline, long number,
                      long size, long created) throws Exception {
            set(artifact, app, digest, commit, tree, pipeline, number, size, created);
        }

        void deployment(String app, long id, String env, SeededRun r, String trigger, String actor, String state,
                        String reason, long created, Long finished, Long retired) throws Exception {
            deployments++;
            set(deployment, app, id, env, r.digest, r.commit, r.number, trigger, actor, spec.service().get().command(),
                    spec.service().get().health(), spec.service().get().startTimeout().toMillis(),
                    Api.JSON.writeValueAsString(spec.environment(specName(env)).orElseThrow().config()), state, reason,
                    created, created + 500, finished, retired);
        }

        String specName(String env) {
            return env.startsWith("dev-") ? "dev" : env;
        }

        void environment(String app, String name, String specName, String branch, int port, Long live,
                         Long created) throws Exception {
            set(environment, app, name, specName, branch, port, live, created);
        }

        void promotion(String app, long id, String env, SeededRun r, String by, String state, Long deploymentId,
                       long created) throws Exception {
            set(promotion, app, id, env, r.digest, r.commit, r.number, by, r.pushedBy, state, null, deploymentId,
                    created, deploymentId == null ? created : created + 90_000);
        }

        void approval(String app, long promotionId, String user, long at) throws Exception {
            set(approval, app, promotionId, user, at);
        }

        void counters(String app, long runs, long deployments, long promotions) throws Exception {
            set(counters, runs, deployments, promotions, app);
        }

        void set(PreparedStatement statement, Object... values) throws Exception {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
            statement.addBatch();
        }

        /** Parents before children: runs before their jobs, promotions before their approvals. */
        void executeAll() throws Exception {
            for (PreparedStatement statement : inOrder) {
                statement.executeBatch();
            }
        }

        @Override
        public void close() throws Exception {
            for (Statement statement : inOrder) {
                statement.close();
            }
        }
    }
}

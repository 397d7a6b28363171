package dev.slipway.web.api;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.ServiceTrouble;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.Rebuild;
import dev.slipway.promotion.PromotionOrigin;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON bodies: records named for the wire, snake_case by the mapper, times as ISO-8601 UTC. */
final class Views {
    private Views() {}

    /** {@code remoteUrl}: the git URL with the caller's user name in it, the one to give {@code git remote add}. */
    /** {@code upstream} only for an app that follows a repository. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record AppView(String name, String gitUrl, String remoteUrl, String createdAt, UpstreamView upstream) {}

    /**
     * What an app follows and the last look at it. {@code webhookSecret} is in the answer to the create only: it is a
     * secret from then on ({@code slipway secret set APP FORGE_WEBHOOK_SECRET --app-wide} replaces it).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UpstreamView(String url, String forge, String apiUrl, String branchFilter, long pollSeconds,
                        boolean reportStatuses, boolean reportDeployments, String webhookUrl, String webhookSecret,
                        String syncedAt, String syncError) {}

    record AppList(List<AppView> apps) {}

    record RunView(long number, String branch, String commit, String state, String error, List<String> warnings,
                   String artifact, Long reusedFrom, String pushedBy, String createdAt, String startedAt,
                   String finishedAt) {}

    record RunList(String app, List<RunView> runs) {}

    record JobView(String name, String state, Integer exitCode, String error, String startedAt, String finishedAt) {}

    record StageView(String name, String state, List<JobView> jobs) {}

    record RunDetail(long number, String branch, String commit, String state, String error, List<String> warnings,
                     String artifact, Long reusedFrom, String pushedBy, String createdAt, String startedAt,
                     String finishedAt, List<StageView> stages, List<RebuildView> rebuilds) {}

    /** A reproducibility check: the recorded artifact, what the rebuild gave, SAME/DIFFERENT/FAILED and why. */
    record RebuildView(long id, String commit, long run, String artifact, String rebuilt, String outcome,
                       List<String> differences, String detail, String requestedBy, String startedAt,
                       String finishedAt, String summary) {}

    record RebuildList(String app, List<RebuildView> rebuilds) {}

    record EnvironmentView(String name, String commit, String digest, String state, String url, String deployedAt,
                           Long run, Long deployment, DeploymentView lastDeployment, String liveSlot, String idleSlot,
                           String idleDigest, String idleState, Long idleDeployment, String previewUrl,
                           String unavailable, Long pid, ServiceView service, String builtFrom,
                           List<TargetView> targets) {}

    /**
     * One target of an environment on several: what it runs, its slot and health, and whether it is IN_SYNC,
     * CONVERGING, DRIFTED, UNREACHABLE or FAILED, since when.
     */
    record TargetView(String target, String sync, String digest, String slot, boolean healthy, String since,
                      String detail, String address) {}

    /** What the supervisor found wrong with the live service: CRASHED, UNHEALTHY or RESTARTING. */
    record ServiceView(String state, String reason, Integer exitCode, List<String> lastLines, String since,
                       int restarts, String nextAttempt) {}

    record Status(String app, List<EnvironmentView> environments) {}

    /**
     * {@code promotion}, {@code requestedBy} and {@code approvedBy} only for a deployment a promotion made;
     * {@code builtFrom}: the commit its artifact was built from (an earlier one with the same tree, when reused).
     */
    record DeploymentView(long id, String environment, String commit, String digest, long run, String trigger,
                          String actor, String state, String reason, String createdAt, String finishedAt, String slot,
                          Long promotion, String requestedBy, List<String> approvedBy, String builtFrom) {}

    record History(String app, String environment, List<DeploymentView> deployments) {}


    static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static AppView app(App app, String gitUrl, String user) {
        return app(app, gitUrl, user, null);
    }

    static AppView app(App app, String gitUrl, String user, UpstreamView upstream) {
        return new AppView(app.name(), gitUrl, withUser(gitUrl, user), time(app.createdAt()), upstream);
    }

    static UpstreamView upstream(dev.slipway.forge.Upstream u, java.util.Optional<dev.slipway.forge.UpstreamState> state,
                                 String baseUrl, String webhookSecret) {
        return new UpstreamView(u.url(), u.forge().map(dev.slipway.forge.Forge::id).orElse(null), u.apiUrl().orElse(null),
                u.branchFilter().orElse(null), u.pollInterval().toSeconds(), u.reportStatuses(), u.reportDeployments(),
                u.forge().map(f -> baseUrl + "/hooks/" + f.id()).orElse(null), webhookSecret,
                state.flatMap(dev.slipway.forge.UpstreamState::syncedAt).map(Views::time).orElse(null),
                state.flatMap(dev.slipway.forge.UpstreamState::error).orElse(null));
    }

    /** http://host/… → http://user@host/… (user names are [a-z0-9-], nothing to escape). */
    private static String withUser(String url, String user) {
        int scheme = url.indexOf("://");
        return scheme < 0 ? url : url.substring(0, scheme + 3) + user + "@" + url.substring(scheme + 3);
    }

    static RunView run(Run r, List<String> warnings) {
        return new RunView(r.number(), r.branch(), r.commit(), r.state().name(), r.error(), warnings,
                r.artifact() == null ? null : r.artifact().toString(), r.reusedFrom(), r.pushedBy(),
                time(r.createdAt()), time(r.startedAt()), time(r.finishedAt()));
    }

    static RebuildView rebuild(Rebuild r) {
        return new RebuildView(r.id(), r.commit(), r.run(), r.artifact().toString(),
                r.rebuilt() == null ? null : r.rebuilt().toString(), r.outcome().name(), r.differences(), r.detail(),
                r.requestedBy(), time(r.startedAt()), time(r.finishedAt()), r.summary());
    }

    static RunDetail detail(Run r, List<JobRun> jobs, List<String> warnings) {
        return detail(r, jobs, warnings, List.of());
    }

    /** {@code rebuilds}: the reproducibility checks of the run's artifact, newest first. */
    static RunDetail detail(Run r, List<JobRun> jobs, List<String> warnings, List<Rebuild> rebuilds) {
        Map<String, List<JobRun>> byStage = new LinkedHashMap<>();
        for (JobRun job : jobs) {
            byStage.computeIfAbsent(job.stage(), k -> new ArrayList<>()).add(job);
        }
        List<StageView> stages = byStage.entrySet().stream().map(e -> new StageView(e.getKey(),
                JobState.ofStage(e.getValue().stream().map(JobRun::state).toList()).name(),
                e.getValue().stream().map(j -> new JobView(j.name(), j.state().name(), j.exitCode(), j.error(),
                        time(j.startedAt()), time(j.finishedAt()))).toList())).toList();
        return new RunDetail(r.number(), r.branch(), r.commit(), r.state().name(), r.error(), warnings,
                r.artifact() == null ? null : r.artifact().toString(), r.reusedFrom(), r.pushedBy(),
                time(r.createdAt()), time(r.startedAt()), time(r.finishedAt()), stages,
                rebuilds.stream().map(Views::rebuild).toList());
    }

    /** {@code built}: the commit each artifact was built from ({@link dev.slipway.artifact.BuiltFrom}). */
    static EnvironmentView environment(EnvironmentStatus s, Map<Digest, String> built) {
        Deployment live = s.live().orElse(null);
        return new EnvironmentView(s.environment().name(),
                live == null ? null : live.commit(),
                live == null ? null : live.digest().toString(),
                s.state(), s.url(),
                live == null ? null : time(live.finishedAt()),
                live == null ? null : live.run(),
                live == null ? null : live.id(),
                s.latest().map(d -> deployment(d, null, built)).orElse(null),
                live == null ? null : live.slot(),
                s.idle().map(Deployment::slot).orElse(null),
                s.idle().map(d -> d.digest().toString()).orElse(null),
                s.idle().map(d -> d.state().name()).orElse(null),
                s.idle().map(Deployment::id).orElse(null),
                s.previewUrl().orElse(null),
                s.unavailable().orElse(null),
                live == null ? null : live.process().map(RunningService::pid).orElse(null),
                s.trouble().map(Views::service).orElse(null),
                live == null ? null : built.get(live.digest()),
                s.targets().stream().map(t -> new TargetView(t.target(), t.sync().name(),
                        t.digest().map(Digest::toString).orElse(null), t.slot(), t.healthy(), time(t.since()),
                        t.detail(), t.upstream().map(Object::toString).orElse(null))).toList());
    }

    static ServiceView service(ServiceTrouble t) {
        return new ServiceView(t.state().name(), t.reason(), t.exitCode().isPresent() ? t.exitCode().getAsInt() : null,
                t.lastLines(), time(t.since()), t.restarts(), t.nextAttempt().map(Views::time).orElse(null));
    }

    static DeploymentView deployment(Deployment d) {
        return deployment(d, null, Map.of());
    }

    static DeploymentView deployment(Deployment d, PromotionOrigin origin, Map<Digest, String> built) {
        return new DeploymentView(d.id(), d.environment(), d.commit(), d.digest().toString(), d.run(),
                d.trigger().name(), d.actor(), d.state().name(), d.reason(), time(d.createdAt()), time(d.finishedAt()),
                d.slot(), origin == null ? null : origin.promotion(), origin == null ? null : origin.requestedBy(),
                origin == null ? null : origin.approvedBy(), built.get(d.digest()));
    }
}

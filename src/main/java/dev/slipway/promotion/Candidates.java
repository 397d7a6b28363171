package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.ServiceSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a request into the artifact it means and the environment definition it goes to. The definition comes from
 * the pipeline file at the artifact's own commit: the file travels with the code it describes.
 */
public final class Candidates {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,40}");
    private static final int RUNS_OF_A_COMMIT = 50;

    private final RunRepository runs;
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Function<Run, Optional<PipelineSpec>> files;

    /** {@code files}: the pipeline file at a run's commit, empty when missing or invalid ({@code PipelineFiles::specOf}). */
    public Candidates(RunRepository runs, EnvironmentRepository environments, DeploymentRepository deployments,
                      Function<Run, Optional<PipelineSpec>> files) {
        this.runs = runs;
        this.environments = environments;
        this.deployments = deployments;
        this.files = files;
    }

    /** Refuses (with a {@link Problem} saying what to do) a request that names no artifact or no environment. */
    Candidate resolve(PromotionRequest request) {
        if (request.environment() == null || request.environment().isBlank()) {
            throw Problem.invalid("say where to promote to: --to ENVIRONMENT (e.g. production)");
        }
        if (request.commit().isPresent() == request.from().isPresent()) {
            throw Problem.invalid("say which artifact to promote: --commit COMMIT or --from ENVIRONMENT, one of the two");
        }
        String app = request.app();
        Run run;
        Digest digest;
        if (request.commit().isPresent()) {
            run = builtRun(app, request.commit().get());
            digest = run.artifact();
        } else {
            Deployment live = liveIn(app, request.from().get());
            digest = live.digest();
            run = runs.find(app, live.run()).orElseThrow(() -> Problem.conflict("deployment #" + live.id() + " of "
                    + live.environment() + " names run #" + live.run() + ", which no longer exists: promote by "
                    + "--commit " + Elapsed.commit(live.commit()) + " instead"));
        }
        PipelineSpec pipeline = pipelineOf(run);
        EnvironmentSpec target = target(pipeline, request.environment(), run);
        ServiceSpec service = pipeline.service().orElseThrow(() -> Problem.conflict(PipelineParser.FILE + " at commit "
                + Elapsed.commit(run.commit()) + " has no 'service:', so its artifact cannot run anywhere"));
        return new Candidate(app, run, digest, run.commit(), target, service);
    }

    /** What a recorded promotion deploys with: its environment's definition and service, from its run's commit. */
    Optional<Candidate> of(Promotion promotion) {
        return runs.find(promotion.app(), promotion.run()).flatMap(run -> of(promotion, run));
    }

    /** As {@link #of(Promotion)}, with the promotion's run already read. */
    Optional<Candidate> of(Promotion promotion, Run run) {
        return files.apply(run).flatMap(spec -> spec.environment(promotion.environment())
                .flatMap(env -> spec.service().map(service -> new Candidate(promotion.app(), run,
                        promotion.digest(), promotion.commit(), env, service))));
    }

    /** The pipeline file at a recorded run's commit, when it can be read. */
    Optional<PipelineSpec> pipelineOf(String app, long run) {
        return runs.find(app, run).flatMap(files);
    }

    /** The definition of an environment (by its spec name) in the pipeline file of a recorded run. */
    Optional<EnvironmentSpec> environmentOf(String app, long run, String specName) {
        return runs.find(app, run).flatMap(files).flatMap(spec -> spec.environment(specName));
    }

    /**
     * Whether the environment is protected, as the pipeline file of {@code basis}'s run says; with no basis or an
     * unreadable file it is taken as protected (the stricter).
     */
    boolean isProtected(Environment env, Optional<Deployment> basis) {
        return basis.flatMap(d -> environmentOf(env.app(), d.run(), env.specName()))
                .map(EnvironmentSpec::isProtected).orElse(true);
    }

    /** The result of a deployment step queued behind others, its own failure thrown as it was. */
    static <T> T awaited(java.util.concurrent.CompletableFuture<T> queued) {
        try {
            return queued.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** What the environment serves now, if it exists and serves anything. */
    Optional<Deployment> live(String app, String environment) {
        return environments.find(app, environment).flatMap(Environment::live).flatMap(id -> deployments.find(app, id));
    }

    private Run builtRun(String app, String commit) {
        String prefix = commit.strip().toLowerCase(java.util.Locale.ROOT);
        if (!COMMIT.matcher(prefix).matches()) {
            throw Problem.invalid("'" + commit + "' is not a commit id: give 4 to 40 hex characters, e.g. `git rev-parse HEAD`");
        }
        List<Run> ofCommit = runs.ofCommit(app, prefix, RUNS_OF_A_COMMIT);
        if (ofCommit.isEmpty()) {
            throw Problem.notFound("commit " + prefix + " of app '" + app + "' was never pushed to Slipway: push it "
                    + "(its run builds the artifact), then promote it");
        }
        List<String> commits = ofCommit.stream().map(Run::commit).distinct().toList();
        if (commits.size() > 1) {
            throw Problem.invalid("commit " + prefix + " is ambiguous in app '" + app + "' (matches "
                    + String.join(", ", commits.stream().map(Elapsed::commit).toList()) + "): give more characters");
        }
        return ofCommit.stream().filter(r -> r.state() == RunState.SUCCEEDED && r.artifact() != null).findFirst()
                .orElseThrow(() -> {
                    Run newest = ofCommit.get(0);
                    String why = newest.error() == null ? "" : ": " + firstLine(newest.error());
                    return Problem.conflict("commit " + Elapsed.commit(newest.commit()) + " has no artifact: its run #"
                            + newest.number() + " is " + newest.state() + why + "; only a commit whose run succeeded "
                            + "can be promoted (see `slipway logs " + app + " " + newest.number() + "`)");
                });
    }

    private Deployment liveIn(String app, String name) {
        Environment env = environments.find(app, name).orElseThrow(() -> Problem.notFound("environment '" + name
                + "' of app '" + app + "' does not exist (known: " + known(app) + "): see `slipway status " + app + "`"));
        return env.live().flatMap(id -> deployments.find(app, id)).orElseThrow(() -> Problem.conflict(
                "nothing is live in " + name + " to promote from: deploy something there first, or promote by --commit"));
    }

    private String known(String app) {
        List<String> names = environments.list(app).stream().map(Environment::name).toList();
        return names.isEmpty() ? "none yet" : String.join(", ", names);
    }

    private PipelineSpec pipelineOf(Run run) {
        return files.apply(run).orElseThrow(() -> Problem.conflict(PipelineParser.FILE + " at commit "
                + Elapsed.commit(run.commit()) + " cannot be read or is invalid, so its environments are unknown: "
                + "promote a commit with a valid pipeline file"));
    }

    private static EnvironmentSpec target(PipelineSpec pipeline, String name, Run run) {
        EnvironmentSpec target = pipeline.environment(name).orElseThrow(() -> Problem.notFound("environment '" + name
                + "' is not defined in " + PipelineParser.FILE + " at commit " + Elapsed.commit(run.commit())
                + " (known: " + known(pipeline) + ")"));
        if (target.ephemeral()) {
            throw Problem.invalid("environment '" + name + "' is ephemeral (one per branch): it takes pushes of its "
                    + "branch, not promotions; promote to a shared environment such as staging");
        }
        return target;
    }

    private static String known(PipelineSpec pipeline) {
        List<String> names = pipeline.environments().stream().map(EnvironmentSpec::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

package dev.slipway.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a pipeline file before it is pushed, with the same parser, limits and messages as a push
 * ({@code slipway lint}, {@code POST /api/v1/lint}). A valid file is summed up in a few lines: what runs in which
 * stage, which job makes the artifact, and how each environment is reached.
 */
public final class PipelineLint {
    private final PipelineParser parser = new PipelineParser();

    /** Where a file went wrong: its line and column, the problem, and the message a push would print. */
    public record Problem(int line, int column, String problem, String message) {
        static Problem of(PipelineException e) {
            return new Problem(e.line(), e.column(), e.problem(), e.getMessage());
        }
    }

    /** Either a problem or, for a valid file, its summary. */
    public record Result(Optional<Problem> problem, List<String> summary) {
        public boolean valid() {
            return problem.isEmpty();
        }
    }

    /**
     * Lints a file of {@code size} bytes of which {@code head} holds the first ones: all of them when the file is
     * within {@link PipelineParser#MAX_FILE_BYTES}, else at least the limit + 1 (a file over it is not read further).
     */
    public Result lint(byte[] head, long size) {
        try {
            if (size > PipelineParser.MAX_FILE_BYTES) {
                throw PipelineText.tooLarge(head, size, PipelineParser.MAX_FILE_BYTES);
            }
            return new Result(Optional.empty(), summary(parser.parse(new String(head, StandardCharsets.UTF_8))));
        } catch (PipelineException e) {
            return new Result(Optional.of(Problem.of(e)), List.of());
        }
    }

    static List<String> summary(PipelineSpec spec) {
        List<String> lines = new ArrayList<>();
        for (StageSpec stage : spec.stages()) {
            lines.add("stage " + stage.name() + ": " + stage.jobs().stream().map(JobSpec::name)
                    .collect(Collectors.joining(", ")));
            stage.jobs().forEach(job -> job.container().ifPresent(image -> lines.add("job " + job.name()
                    + ": runs in container " + image + " (on the executor an admin added)")));
        }
        spec.artifactJob().ifPresentOrElse(
                job -> lines.add(job.image().map(image -> image(job.name(), image)).orElseGet(() ->
                        "artifact: made by job " + job.name() + " from " + String.join(", ", job.artifactPaths()))),
                () -> lines.add("artifact: none (no job lists 'artifact:' or 'image:'), so nothing can be deployed"));
        spec.service().ifPresent(s -> lines.add("service: " + (s.command().isEmpty() ? "the image's own command"
                : s.command()) + " (health " + s.health() + ")"));
        spec.environments().forEach(env -> lines.add(environment(env)));
        return List.copyOf(lines);
    }

    private static String image(String job, dev.slipway.image.ImageRecipe image) {
        if (image.isPushed()) {
            return "artifact: the image job " + job + " pushes to APP" + image.pushed().filter(n -> !n.isEmpty())
                    .map(n -> "/" + n).orElse("") + " with the run's registry credentials";
        }
        String files = image.files().stream().map(f -> f.from() + " -> " + f.to()).collect(Collectors.joining(", "));
        return "artifact: an image built by job " + job + " on " + image.base().reference()
                + (files.isEmpty() ? "" : " from " + files);
    }

    private static String environment(EnvironmentSpec env) {
        List<String> how = new ArrayList<>();
        if (!env.branches().isEmpty()) {
            how.add((env.gated() ? "branches " : "deployed by a push to ") + String.join(", ", env.branches().patterns())
                    + (env.ephemeral() ? " (one environment per branch: " + env.name() + "-<branch>)" : ""));
        }
        if (!env.tags().isEmpty()) {
            how.add("tags " + String.join(", ", env.tags()));
        }
        env.from().ifPresent(from -> how.add("promoted from " + from));
        env.approvals().ifPresent(a -> how.add(a.required() + " approval" + (a.required() == 1 ? "" : "s") + " by a "
                + a.role() + (a.notAuthor() ? ", not the author" : "")));
        env.soak().ifPresent(soak -> how.add("after " + Durations.format(soak) + " soak"));
        if (env.isProtected()) {
            how.add("protected");
        }
        how.add(env.strategy().name().toLowerCase(java.util.Locale.ROOT));
        // lint sees the file only; the manifests themselves are read from the commit when it is pushed
        env.deploy().ifPresent(deploy -> how.add("Kubernetes manifests from " + deploy.manifestsShown()
                + " (checked when pushed)"));
        return "environment " + env.name() + ": " + String.join("; ", how);
    }
}

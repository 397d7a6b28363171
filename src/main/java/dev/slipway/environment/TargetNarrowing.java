package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.TargetChoice;
import dev.slipway.target.Target;
import dev.slipway.target.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment's {@code targets:} against what an admin bound to it: the file may only narrow. Bindings belong to
 * the pipeline file's environment name ({@code dev}'s reach every {@code dev-<branch>}, as secrets do).
 */
public final class TargetNarrowing {
    private final Targets targets;

    public TargetNarrowing(Targets targets) {
        this.targets = targets;
    }

    /** What the pusher hears: every environment of the file whose {@code targets:} reach past what is bound there. */
    public List<String> refusals(String app, PipelineSpec spec) {
        List<String> notes = new ArrayList<>();
        for (EnvironmentSpec env : spec.environments()) {
            refusal(app, env).ifPresent(notes::add);
        }
        return notes;
    }

    /** Why the environment's {@code targets:} do not fit what is bound; empty when they do (or say nothing). */
    public Optional<String> refusal(String app, EnvironmentSpec env) {
        if (env.targets().isEmpty()) {
            return Optional.empty();
        }
        List<Target> bound = targets.targetsFor(app, env.name());
        String place = app + "/" + env.name();
        String boundText = bound.isEmpty() ? "nothing is bound there" : "bound there: " + String.join(", ",
                bound.stream().map(t -> t.name() + (t.labels().isEmpty() ? "" : " [" + t.labelText() + "]")).toList());
        if (env.targets().get() instanceof TargetChoice.Named named) {
            List<String> unbound = named.targets().stream()
                    .filter(name -> bound.stream().noneMatch(t -> t.name().equals(name))).toList();
            if (unbound.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("refused: " + env.name() + " names target" + (unbound.size() > 1 ? "s " : " ")
                    + String.join(", ", unbound) + " in targets:, not bound to " + place + " (" + boundText + "); "
                    + "the pipeline file may only narrow what an admin bound. An admin can bind "
                    + (unbound.size() > 1 ? "them" : "it") + ": " + String.join(" ; ", unbound.stream()
                    .map(name -> "`slipway target bind " + name + " --app " + app + " --env " + env.name() + "`")
                    .toList()));
        }
        TargetChoice.Labelled labelled = (TargetChoice.Labelled) env.targets().get();
        if (!chosen(bound, labelled).isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, String> first = labelled.labels().entrySet().iterator().next();
        return Optional.of("refused: " + env.name() + "'s targets: { " + labelled.text().replace("=", ": ")
                .replace(",", ", ") + " } selects none of the targets bound to " + place + " (" + boundText + "); the "
                + "pipeline file may only narrow what an admin bound. An admin can bind targets with that label: "
                + "`slipway target bind --label " + first.getKey() + "=" + first.getValue() + " --app " + app
                + " --env " + env.name() + "`");
    }

    /**
     * The targets the environment runs on now: the bound ones, narrowed by the file. Empty: nothing is bound (the
     * local target), or the file's choice fits nothing bound ({@link #refusal} says so).
     */
    public List<Target> chosen(String app, EnvironmentSpec env) {
        List<Target> bound = targets.targetsFor(app, env.name());
        if (env.targets().isEmpty()) {
            return bound;
        }
        if (env.targets().get() instanceof TargetChoice.Named named) {
            return bound.stream().filter(t -> named.targets().contains(t.name())).toList();
        }
        return chosen(bound, (TargetChoice.Labelled) env.targets().get());
    }

    private static List<Target> chosen(List<Target> bound, TargetChoice.Labelled labelled) {
        return bound.stream().filter(t -> t.labels().entrySet().containsAll(labelled.labels().entrySet())).toList();
    }
}

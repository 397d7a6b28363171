package dev.slipway.pipeline;

import dev.slipway.pipeline.EnvironmentReader.Read;
import dev.slipway.pipeline.YamlNode.Mark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code environments:} and checks what spans environments: unique names and {@code from:} links. */
final class EnvironmentsReader {
    private EnvironmentsReader() {}

    static List<EnvironmentSpec> read(YamlNode node) throws PipelineException {
        Map<String, Read> byName = new LinkedHashMap<>();
        for (YamlNode item : Fields.list(node, "'environments' must be a list of environments, each with a 'name'")) {
            Read env = EnvironmentReader.read(item);
            Read first = byName.putIfAbsent(env.spec().name(), env);
            if (first != null) {
                throw env.nameAt().error("environment name '" + env.spec().name() + "' is already used at line "
                        + first.nameAt().line() + "; environment names must be unique");
            }
        }
        for (Read env : byName.values()) {
            checkFrom(env, byName);
        }
        for (Read env : byName.values()) {
            checkNoCycle(env, byName);
        }
        List<EnvironmentSpec> specs = new ArrayList<>();
        byName.values().forEach(env -> specs.add(env.spec()));
        return specs;
    }

    private static void checkFrom(Read env, Map<String, Read> byName) throws PipelineException {
        Optional<String> from = env.spec().from();
        if (from.isEmpty()) {
            return;
        }
        String name = env.spec().name();
        Mark at = env.fromAt().orElseThrow();
        if (from.get().equals(name)) {
            throw at.error("environment '" + name + "' has from: '" + name + "', itself; 'from' names the "
                    + "environment an artifact must have passed before it may come here");
        }
        if (!byName.containsKey(from.get())) {
            List<String> known = byName.keySet().stream().filter(n -> !n.equals(name)).toList();
            String hint = Suggestion.closest(from.get(), known).map(s -> "; did you mean '" + s + "'?").orElse("");
            throw at.error("environment '" + name + "' has from: '" + from.get() + "', but no environment has that name"
                    + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")" + hint);
        }
    }

    /** A ring of from: links would wait forever: nothing could ever enter it. */
    private static void checkNoCycle(Read start, Map<String, Read> byName) throws PipelineException {
        List<String> path = new ArrayList<>(List.of(start.spec().name()));
        Optional<String> next = start.spec().from();
        while (next.isPresent()) {
            path.add(next.get());
            if (next.get().equals(start.spec().name())) {
                throw start.fromAt().orElseThrow().error("'from' links form a loop (" + String.join(" <- ", path)
                        + "), so no artifact can ever reach these environments; let one of them take "
                        + "pushes through 'branches' or 'tags' instead of 'from'");
            }
            if (path.size() > byName.size() + 1) {
                return; // a loop further along the chain, reported when its own members are checked
            }
            next = byName.get(next.get()).spec().from();
        }
    }
}

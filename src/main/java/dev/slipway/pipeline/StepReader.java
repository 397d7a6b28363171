package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a list of steps, written either as a command string or as {@code { run: ..., name: ... }}. */
final class StepReader {
    private static final List<String> KEYS = List.of("run", "name");

    private StepReader() {}

    /** The steps under {@code key} of {@code owner}; an absent key is an error only when {@code required}. */
    static List<StepSpec> read(Fields owner, String key, boolean required) throws PipelineException {
        Optional<YamlNode> value = required ? Optional.of(owner.require(key)) : owner.get(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<YamlNode> items = Fields.list(value.get(), owner.expectation(key, "a list of steps, e.g. [ { run: \"make\" } ]"));
        if (items.isEmpty() && required) {
            throw value.get().at().error(owner.expectation(key, "a list of at least one step, e.g. [ { run: \"make\" } ]"));
        }
        List<StepSpec> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            steps.add(step(items.get(i), "step " + (i + 1) + " of '" + key + "' in " + owner.owner()));
        }
        return steps;
    }

    private static StepSpec step(YamlNode node, String where) throws PipelineException {
        if (node instanceof Scalar) {
            return StepSpec.of(command(node, where));
        }
        Mapping mapping = Fields.mapping(node, where + " must be a command or a mapping like { run: \"make\" }");
        Fields fields = new Fields(mapping, where, KEYS);
        String run = command(fields.require("run"), "'run' in " + where);
        return new StepSpec(fields.text("name").orElse(null), run);
    }

    private static String command(YamlNode node, String what) throws PipelineException {
        String run = Fields.text(node, what + " must be a shell command");
        if (run.isBlank()) {
            throw node.at().error(what + " must be a shell command, got only spaces");
        }
        return run;
    }
}

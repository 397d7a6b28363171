package dev.slipway.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The pipeline file as a small YAML tree in which every key and value remembers where it was
 * written, so that semantic errors can name a line and column (Jackson's JsonNode forgets).
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Mark at();

    /** How this value reads in an error message, e.g. "a list" or "'10 minutes'". */
    String describe();

    /** A 1-based position in the pipeline file. */
    record Mark(int line, int column) {
        PipelineException error(String problem) {
            return new PipelineException(PipelineParser.FILE, line, column, problem);
        }
    }

    enum Kind { STRING, NUMBER, BOOLEAN, NULL }

    /** A plain value; {@code text} is what was written, so "010" stays "010". */
    record Scalar(Kind kind, String text, Mark at) implements YamlNode {
        /** {@code key:} with nothing after it, {@code ~}, {@code null} and {@code ""} all mean "no value". */
        boolean isEmpty() {
            return kind == Kind.NULL || text.isEmpty();
        }

        @Override
        public String describe() {
            if (kind == Kind.NULL) {
                return "nothing";
            }
            if (text.isEmpty()) {
                return "an empty string";
            }
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "'" + shown.replace("\n", "\\n") + "'";
        }
    }

    record Entry(String key, Mark keyAt, YamlNode value) {}

    record Mapping(List<Entry> entries, Mark at) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, Mark at) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}

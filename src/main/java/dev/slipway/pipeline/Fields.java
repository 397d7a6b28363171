package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Entry;
import dev.slipway.pipeline.YamlNode.Kind;
import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Mark;
import dev.slipway.pipeline.YamlNode.Scalar;
import dev.slipway.pipeline.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of one mapping in the pipeline file, read as typed values. Every accessor either
 * returns a valid value or throws an error that names the key, its owner and what was expected.
 */
final class Fields {
    // YAML 1.1 spellings of true that the parser reports as booleans; anything else boolean is false
    private static final List<String> TRUE_WORDS = List.of("true", "yes", "on");

    private final Mapping mapping;
    private final String owner;

    /**
     * @param owner how the mapping is named in messages, e.g. "job 'compile'"
     * @param allowed every key this mapping may have, in the order to list them in messages
     */
    Fields(Mapping mapping, String owner, List<String> allowed) throws PipelineException {
        this.mapping = mapping;
        this.owner = owner;
        for (Entry entry : mapping.entries()) {
            if (!allowed.contains(entry.key())) {
                String hint = Suggestion.closest(entry.key(), allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw entry.keyAt().error("unknown key '" + entry.key() + "' in " + owner + hint
                        + "; expected one of: " + String.join(", ", allowed));
            }
        }
    }

    /** The mapping {@code node} must be, or an error "{@code what} must be a mapping..., got ...". */
    static Mapping mapping(YamlNode node, String what) throws PipelineException {
        if (node instanceof Mapping m) {
            return m;
        }
        throw node.at().error(what + ", got " + node.describe());
    }

    /** The list {@code node} must be, or an error "{@code what} must be a list..., got ...". */
    static List<YamlNode> list(YamlNode node, String what) throws PipelineException {
        if (node instanceof Sequence s) {
            return s.items();
        }
        throw node.at().error(what + ", got " + node.describe());
    }

    /** Non-empty text of a string, number or boolean, as written. */
    static String text(YamlNode node, String what) throws PipelineException {
        if (node instanceof Scalar s && !s.isEmpty()) {
            return s.text();
        }
        throw node.at().error(what + ", got " + node.describe());
    }

    Mark at() {
        return mapping.at();
    }

    String owner() {
        return owner;
    }

    Optional<YamlNode> get(String key) {
        return mapping.entry(key).map(Entry::value);
    }

    Optional<Mark> keyAt(String key) {
        return mapping.entry(key).map(Entry::keyAt);
    }

    YamlNode require(String key) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            throw mapping.at().error(owner + " is missing required key '" + key + "'");
        }
        return value.get();
    }

    String requiredText(String key) throws PipelineException {
        return text(require(key), expectation(key, "a non-empty string"));
    }

    Optional<String> text(String key) throws PipelineException {
        Optional<YamlNode> value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(text(value.get(), expectation(key, "a non-empty string")));
    }

    Optional<Boolean> bool(String key) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
            return Optional.of(TRUE_WORDS.contains(s.text().toLowerCase(Locale.ROOT)));
        }
        throw wrong(key, value.get(), "true or false");
    }

    Optional<Integer> integer(String key) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof Scalar s && s.kind() == Kind.NUMBER && s.text().matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s.text()));
        }
        throw wrong(key, value.get(), "a whole number");
    }

    /** @param zeroAllowed whether "0s" is meaningful for this key */
    Optional<Duration> duration(String key, boolean zeroAllowed) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> duration = value.get() instanceof Scalar s ? parseDuration(s.text()) : Optional.empty();
        if (duration.isEmpty() && value.get() instanceof Scalar s && s.text().startsWith("-")) {
            throw wrong(key, value.get(), (zeroAllowed ? "a duration of 0s or more" : "a duration longer than zero")
                    + " (it cannot be negative), like 30s, 10m or 1h30m");
        }
        if (duration.isEmpty()) {
            throw wrong(key, value.get(), Durations.EXPECTED);
        }
        if (duration.get().isZero() && !zeroAllowed) {
            throw wrong(key, value.get(), "longer than zero");
        }
        return duration;
    }

    private static Optional<Duration> parseDuration(String text) {
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the caller's message names the key as well as the expected form
        }
    }

    /** One of the enum's constants, written in lower case. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (value.get() instanceof Scalar s && s.text().equals(name)) {
                return Optional.of(constant);
            }
            names.add(name);
        }
        throw wrong(key, value.get(), "one of " + String.join(", ", names));
    }

    /** One of {@code words}, as written; a near miss is named ("did you mean ...?"). */
    Optional<String> word(String key, List<String> words) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof Scalar s && words.contains(s.text())) {
            return Optional.of(s.text());
        }
        String hint = value.get() instanceof Scalar s ? Suggestion.closest(s.text(), words)
                .map(w -> " (did you mean '" + w + "'?)").orElse("") : "";
        throw value.get().at().error(expectation(key, "one of " + String.join(", ", words)) + ", got "
                + value.get().describe() + hint);
    }

    /** A list of non-empty scalars; a single scalar counts as a list of one when {@code singleAllowed}. */
    List<Scalar> scalars(String key, String listWhat, boolean singleAllowed) throws PipelineException {
        Optional<YamlNode> value = get(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (singleAllowed && value.get() instanceof Scalar s && !s.isEmpty()) {
            return List.of(s);
        }
        List<Scalar> scalars = new ArrayList<>();
        for (YamlNode item : list(value.get(), expectation(key, listWhat))) {
            text(item, "entries of '" + key + "' in " + owner + " must be plain text");
            scalars.add((Scalar) item);
        }
        return scalars;
    }

    /** "'key' in owner must be EXPECTED" — the start of most messages about a value. */
    String expectation(String key, String expected) {
        return "'" + key + "' in " + owner + " must be " + expected;
    }

    PipelineException wrong(String key, YamlNode value, String expected) {
        return value.at().error(expectation(key, expected) + ", got " + value.describe());
    }
}

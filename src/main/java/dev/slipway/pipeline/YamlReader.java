package dev.slipway.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.slipway.pipeline.YamlNode.Entry;
import dev.slipway.pipeline.YamlNode.Kind;
import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Mark;
import dev.slipway.pipeline.YamlNode.Scalar;
import dev.slipway.pipeline.YamlNode.Sequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming parser, turning every
 * syntax problem into a located {@link PipelineException}.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = new LinearYamlFactory();

    private YamlReader() {}

    /** The single YAML document in {@code text}; never empty. */
    static YamlNode read(String text) throws PipelineException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new Mark(1, 1).error("the file is empty; expected a mapping that starts with 'stages:'");
            }
            YamlNode root = node((YAMLParser) parser);
            if (parser.nextToken() != null) {
                throw mark(parser.currentTokenLocation())
                        .error("only one YAML document is allowed; remove the '---' and everything after it");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            // reading from a String: only a parser bug lands here
            throw new IllegalStateException(e);
        }
    }

    private static YamlNode node(YAMLParser parser) throws IOException, PipelineException {
        Mark at = mark(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return mapping(parser, at);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(parser));
            }
            return new Sequence(items, at);
        }
        if (parser.isCurrentAlias()) {
            // Jackson hands an alias over as the anchor's name, which would silently be the wrong value
            throw at.error("YAML aliases (*" + parser.getText() + ") are not supported here; write the value out");
        }
        return new Scalar(kind(token), token == JsonToken.VALUE_NULL ? "" : parser.getText(), at);
    }

    private static Mapping mapping(YAMLParser parser, Mark at) throws IOException, PipelineException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Mark> seen = new HashMap<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            Mark keyAt = mark(parser.currentTokenLocation());
            // checked here rather than with STRICT_DUPLICATE_DETECTION: Jackson reports the end of
            // the key and cannot say where the first one was
            Mark first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                throw keyAt.error("duplicate key '" + key + "' (first written at line " + first.line()
                        + "); each key may appear only once in a mapping");
            }
            parser.nextToken();
            YamlNode value = node(parser);
            if (value instanceof Scalar s && s.kind() == Kind.NULL && s.text().isEmpty()) {
                // a missing value has no position of its own; point its errors at the key
                value = new Scalar(s.kind(), s.text(), keyAt);
            }
            entries.add(new Entry(key, keyAt, value));
        }
        return new Mapping(entries, at);
    }

    private static Kind kind(JsonToken token) {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Kind.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
            case VALUE_NULL -> Kind.NULL;
            default -> Kind.STRING;
        };
    }

    private static Mark mark(JsonLocation location) {
        return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    private static PipelineException syntaxError(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof MarkedYAMLException marked) {
            return YamlSyntax.explain(marked);
        }
        String problem = e.getOriginalMessage();
        if (problem != null && problem.startsWith("Expected a field name")) {
            problem = "keys must be plain values; lists or mappings cannot be used as keys";
        } else if (problem != null && problem.contains("nesting depth")) {
            problem = "the file is nested too deeply";
        }
        JsonLocation location = e.getLocation();
        Mark at = location == null ? new Mark(1, 1) : mark(location);
        return at.error("invalid YAML: " + firstLine(problem));
    }

    static String firstLine(String text) {
        if (text == null) {
            return "unreadable input";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}

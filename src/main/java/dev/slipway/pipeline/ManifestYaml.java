package dev.slipway.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a manifest file's YAML documents with their positions, over {@link ManifestTemplate#blanked} (so a
 * {@code ${…}} cannot break the syntax and every line and column is as written). A syntax error, a character YAML
 * does not allow and a key written twice are refused at their line and column; empty documents are left out.
 */
final class ManifestYaml {
    private ManifestYaml() {}

    static List<Node> documents(ManifestTemplate template) throws ManifestException {
        String text = template.blanked();
        checkCharacters(template.path(), text);
        LoaderOptions options = new LoaderOptions();
        List<Node> documents = new ArrayList<>();
        try {
            Composer composer = new Composer(new ParserImpl(new WholeTextReader(text), options), new Resolver(), options);
            while (composer.checkNode()) {
                Node document = composer.getNode();
                if (!(document instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL))) {
                    checkKeys(template.path(), document, Collections.newSetFromMap(new IdentityHashMap<>()));
                    documents.add(document);
                }
            }
        } catch (MarkedYAMLException e) {
            PipelineException explained = YamlSyntax.explain(e);
            throw ManifestException.at(template.path(), explained.line(), explained.column(), explained.problem());
        } catch (YAMLException e) {
            // SnakeYAML's own limits (aliases, nesting): no position, its words say which
            throw new ManifestException(template.path() + ": cannot be read as YAML: "
                    + YamlReader.firstLine(e.getMessage()));
        }
        return documents;
    }

    /** 1-based line of a node. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** 1-based column of a node. */
    static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    /** The node as written in {@code text} (the template's own, not blanked: both have the same code points). */
    static String source(String text, Node node) {
        return span(text, node.getStartMark(), node.getEndMark());
    }

    private static String span(String text, Mark start, Mark end) {
        int from = text.offsetByCodePoints(0, Math.min(start.getIndex(), text.codePointCount(0, text.length())));
        int to = text.offsetByCodePoints(0, Math.min(end.getIndex(), text.codePointCount(0, text.length())));
        return text.substring(from, Math.max(from, to));
    }

    private static void checkKeys(String path, Node node, Set<Node> seen) throws ManifestException {
        if (!seen.add(node)) {
            return; // an alias: checked where its anchor is, and a recursive one must not loop
        }
        if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkKeys(path, item, seen);
            }
        } else if (node instanceof MappingNode mapping) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
                    Node first = keys.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        throw ManifestException.at(path, line(key), column(key), "duplicate key '" + key.getValue()
                                + "' (first written at line " + line(first) + "); each key may appear only once in "
                                + "a mapping, and Kubernetes refuses an object with a field written twice");
                    }
                }
                checkKeys(path, tuple.getValueNode(), seen);
            }
        }
    }

    private static void checkCharacters(String path, String text) throws ManifestException {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                throw ManifestException.at(path, line, column, String.format("the character U+%04X (a control "
                        + "character or not valid Unicode) is not allowed in YAML; remove it", c));
            }
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\uFEFF') {
                column++;
            }
            i += Character.charCount(c);
        }
    }
}

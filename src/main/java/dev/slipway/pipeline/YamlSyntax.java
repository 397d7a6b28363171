package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns SnakeYAML's syntax errors into one-line explanations at the position a person should
 * look at. SnakeYAML's marks are exact (Jackson's location is off for tabs) and 0-based.
 */
final class YamlSyntax {
    private YamlSyntax() {}

    static PipelineException explain(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark problemAt = e.getProblemMark() == null ? new Mark(1, 1) : mark(e.getProblemMark());
        Mark contextAt = mark(e.getContextMark());
        boolean atEnd = problem.contains("end of stream") || problem.contains("<stream end>")
                || problem.contains("document separator");

        if (problem.contains("TAB") || problem.contains("\\t")) {
            return problemAt.error("tab character in indentation; indent YAML with spaces only");
        }
        // a construct left open is best reported where it was opened, not at the end of the file
        if (atEnd && contextAt != null && context.contains("quoted scalar")) {
            return contextAt.error("the quoted value starting here is never closed; add the closing quote");
        }
        if (atEnd && contextAt != null && context.contains("flow sequence")) {
            return contextAt.error("the list opened here with '[' is never closed; add the closing ']'");
        }
        if (atEnd && contextAt != null && context.contains("flow mapping")) {
            return contextAt.error("the mapping opened here with '{' is never closed; add the closing '}'");
        }
        if (problem.contains("that cannot start any token")) {
            // SnakeYAML appends "(Do not use X for indentation)", which misleads for anything but a tab
            String character = problem.replaceAll("(?s).*found character '(.*?)' that.*", "$1");
            return problemAt.error("a value cannot start with '" + character + "'; put the value in quotes");
        }
        if (problem.contains("mapping values are not allowed")) {
            return problemAt.error("unexpected ':' here; put the value in quotes if it contains ': ', "
                    + "otherwise check the indentation");
        }
        if (problem.startsWith("expected <block end>")) {
            return problemAt.error("bad indentation: this line does not line up with the lines above it");
        }
        if (problem.contains("could not find expected ':'")) {
            Mark at = contextAt != null ? contextAt : problemAt;
            return at.error("expected 'key: value' here; add the missing ':' or fix the indentation");
        }
        String where = contextAt == null || context.isEmpty() ? "" : " (" + context + " at line " + contextAt.line() + ")";
        return problemAt.error("invalid YAML: " + YamlReader.firstLine(problem) + where);
    }

    private static Mark mark(org.yaml.snakeyaml.error.Mark mark) {
        return mark == null ? null : new Mark(mark.getLine() + 1, mark.getColumn() + 1);
    }
}

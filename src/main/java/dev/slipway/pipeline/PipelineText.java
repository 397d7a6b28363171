package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Mark;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Checks a pipeline file's text before any YAML is read: its size in UTF-8 bytes against the limit, and that it
 * holds only characters YAML allows. Both are reported at the line and column of the offending byte or character.
 */
final class PipelineText {
    private PipelineText() {}

    static void check(String text, int maxBytes) throws PipelineException {
        // each char is 1 to 3 bytes in UTF-8 (a surrogate pair 4 for 2): only the middle band needs counting
        if (text.length() > maxBytes || (long) text.length() * 3 > maxBytes) {
            checkSize(text, maxBytes);
        }
        checkCharacters(text);
    }

    private static void checkSize(String text, int maxBytes) throws PipelineException {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += utf8Length(text, i);
        }
        if (bytes > maxBytes) {
            throw tooLarge(text, bytes, maxBytes);
        }
    }

    /**
     * The refusal of a file of {@code size} bytes, over {@code maxBytes}, of which only the first bytes were read
     * (at least {@code maxBytes + 1}): the place is where the limit is crossed.
     */
    static PipelineException tooLarge(byte[] head, long size, int maxBytes) {
        return tooLarge(new String(head, StandardCharsets.UTF_8), size, maxBytes);
    }

    private static PipelineException tooLarge(String text, long size, int maxBytes) {
        long bytes = 0;
        int crossedAt = 0;
        while (crossedAt < text.length() && (bytes += utf8Length(text, crossedAt)) <= maxBytes) {
            crossedAt++;
        }
        return markOf(text, Math.min(crossedAt, text.length())).error("the pipeline file is " + size + " bytes, over the "
                + maxBytes / 1024 + " KB limit for pipeline files (crossed here), so it was not read; "
                + "move long scripts into files in the repository and run them from a step, "
                + "and remove large comments or generated text");
    }

    private static void checkCharacters(String text) throws PipelineException {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!StreamReader.isPrintable(codePoint)) {
                throw markOf(text, i).error(String.format("the character U+%04X (a control character or not valid "
                        + "Unicode) is not allowed in a pipeline file; remove it, or write it as the escape \\u%04X "
                        + "inside a double-quoted value", codePoint, codePoint));
            }
            i += Character.charCount(codePoint);
        }
    }

    private static int utf8Length(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            return 1;
        } else if (c < 0x800) {
            return 2;
        } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return 4;
        } else if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
            return 0; // counted with its high surrogate
        }
        return 3;
    }

    /** Line and column as the YAML reader counts them: a line ends at \n, \r\n or \r; columns count code points. */
    private static Mark markOf(String text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c) && c != '\uFEFF') {
                column++;
            }
        }
        return new Mark(line, column);
    }
}

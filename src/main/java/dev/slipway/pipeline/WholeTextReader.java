package dev.slipway.pipeline;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over a text that is already in memory, without its sliding window. The stock reader copies
 * its whole unread window each time it reads 1,024 more characters; while one long token (a comment line, a long
 * word) is scanned the window only grows, so reading it costs the square of its length (a 10 MB comment took
 * 98 s). Here every character is decoded once and indexed directly. {@link PipelineText} has already refused the
 * characters the stock reader would refuse, so none are checked here.
 */
final class WholeTextReader extends StreamReader {
    private final int[] text;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextReader(String text) {
        super(new StringReader(""));
        this.text = text.codePoints().toArray();
    }

    @Override
    public Mark getMark() {
        return new Mark("'reader'", index, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int offset) {
        int at = pointer + offset;
        return at < text.length ? text[at] : 0;
    }

    @Override
    public String prefix(int length) {
        if (length == 0 || pointer >= text.length) {
            return "";
        }
        return new String(text, pointer, Math.min(length, text.length - pointer));
    }

    /** As the stock reader: the scanner only takes characters of one line this way, so the column moves by length. */
    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        index += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}

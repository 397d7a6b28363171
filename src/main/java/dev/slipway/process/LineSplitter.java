package dev.slipway.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into UTF-8 lines. Works on bytes, not chars, so a multi-byte character split
 * across two reads is decoded whole; "\r\n" counts as one terminator.
 */
final class LineSplitter {

    /** Output without newlines (a binary dump) must not grow without bound: longer lines come in pieces of about this size. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start);
                emitLine();
                start = i + 1;
            }
        }
        line.write(bytes, start, length - start);
        if (line.size() >= MAX_LINE_BYTES) {
            emitCompleteCharacters();
        }
    }

    /** Delivers a final line that had no terminator. */
    void finish() {
        if (line.size() > 0) {
            byte[] bytes = line.toByteArray();
            line.reset();
            deliver(bytes, bytes.length);
        }
    }

    private void emitLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        deliver(bytes, length);
    }

    /** Splits an over-long line where a character ends, keeping the rest for the next piece. */
    private void emitCompleteCharacters() {
        byte[] bytes = line.toByteArray();
        int cut = completeCharacters(bytes);
        line.reset();
        line.write(bytes, cut, bytes.length - cut);
        deliver(bytes, cut);
    }

    private void deliver(byte[] bytes, int length) {
        sink.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    /** How many leading bytes form whole UTF-8 characters (an unfinished last character is left out). */
    static int completeCharacters(byte[] bytes) {
        if (bytes.length == 0) {
            return 0;
        }
        int last = bytes.length - 1;
        while (last > 0 && bytes.length - last < 4 && (bytes[last] & 0xC0) == 0x80) {
            last--;
        }
        int lead = bytes[last] & 0xFF;
        int expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        boolean complete = last + expected <= bytes.length;
        return complete || last == 0 ? bytes.length : last;
    }
}

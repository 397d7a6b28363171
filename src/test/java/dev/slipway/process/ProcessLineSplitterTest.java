package dev.slipway.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessLineSplitterTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 4096})
    void splitsLinesWhateverTheChunkBoundaries(int chunk) {
        byte[] input = "plain\r\nünïcode ✓ 日本\n\nlast".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);

        for (int from = 0; from < input.length; from += chunk) {
            byte[] piece = java.util.Arrays.copyOfRange(input, from, Math.min(input.length, from + chunk));
            splitter.feed(piece, piece.length);
        }
        splitter.finish();

        assertThat(lines).containsExactly("plain", "ünïcode ✓ 日本", "", "last");
    }

    @Test
    void cutsOverLongLinesBetweenCharacters() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);
        String longLine = "✓".repeat(LineSplitter.MAX_LINE_BYTES / 3 + 10);   // 3 bytes each, so the limit falls inside one

        byte[] bytes = (longLine + "\n").getBytes(StandardCharsets.UTF_8);
        int chunk = 64 * 1024;   // what the reader feeds at most
        for (int from = 0; from < bytes.length; from += chunk) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk));
            splitter.feed(piece, piece.length);
        }
        splitter.finish();

        assertThat(lines).hasSize(2);
        assertThat(String.join("", lines)).isEqualTo(longLine);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\uFFFD"));
    }

    @Test
    void countsOnlyWholeCharacters() {
        byte[] check = "✓".getBytes(StandardCharsets.UTF_8);

        assertThat(LineSplitter.completeCharacters(new byte[] {'a', check[0]})).isEqualTo(1);
        assertThat(LineSplitter.completeCharacters(new byte[] {'a', check[0], check[1]})).isEqualTo(1);
        assertThat(LineSplitter.completeCharacters(new byte[] {'a', check[0], check[1], check[2]})).isEqualTo(4);
        assertThat(LineSplitter.completeCharacters(new byte[] {'a', 'b'})).isEqualTo(2);
    }
}

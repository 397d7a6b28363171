package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A file read with a limit keeps only its head, yet knows the whole file's size and digest. */
class FileHeadTest {
    private static final byte[] FILE = "0123456789".repeat(20_000).getBytes(StandardCharsets.UTF_8);

    @Test
    void aStreamOverTheLimitKeepsLimitPlusOneBytesAndDigestsTheWhole() throws Exception {
        FileHead head = FileHead.read(new ByteArrayInputStream(FILE), 100);

        assertThat(head.bytes()).hasSize(101).isEqualTo(java.util.Arrays.copyOf(FILE, 101));
        assertThat(head.size()).isEqualTo(FILE.length);
        assertThat(head.digest()).isEqualTo(Digest.ofBytes(FILE));
        assertThat(head.whole()).isFalse();
    }

    @Test
    void aFileWithinTheLimitIsKeptWholeEitherWay() throws Exception {
        FileHead streamed = FileHead.read(new ByteArrayInputStream(FILE), FILE.length);
        FileHead inMemory = FileHead.of(FILE, FILE.length);

        assertThat(streamed.bytes()).isEqualTo(FILE);
        assertThat(streamed.whole()).isTrue();
        assertThat(inMemory).usingRecursiveComparison().isEqualTo(streamed);
    }

    @Test
    void theRefusalNamesTheWholeSizeAndWhereTheLimitIsCrossed() {
        byte[] text = ("a: b\n" + "#".repeat(300)).getBytes(StandardCharsets.UTF_8);
        FileHead head = FileHead.of(text, 100);

        // byte 101, the first over the limit, is the 96th of line 2 (line 1 is 5 bytes)
        PipelineException refusal = PipelineText.tooLarge(head.bytes(), head.size(), 100);

        assertThat(refusal.getMessage()).startsWith(".slipway.yml:2:96: the pipeline file is 305 bytes, over the 0 KB limit");
    }
}

package dev.slipway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder ids a data directory's server has signed as, across restarts with another --public-url. */
class BuilderIdsTest {
    @TempDir
    Path data;

    @Test
    void eachNewIdComesFirstAndTheEarlierOnesStay() throws Exception {
        assertThat(BuilderIds.remember(data, "http://a:1/builder")).containsExactly("http://a:1/builder");
        assertThat(BuilderIds.remember(data, "https://b.example/builder"))
                .containsExactly("https://b.example/builder", "http://a:1/builder");
        assertThat(BuilderIds.remember(data, "http://a:1/builder"))
                .as("back to the first name").containsExactly("http://a:1/builder", "https://b.example/builder");
        assertThat(Files.readString(data.resolve(BuilderIds.FILE), StandardCharsets.UTF_8))
                .isEqualTo("http://a:1/builder\nhttps://b.example/builder\n");
        assertThat(Files.list(data)).as("no temp file left").containsExactly(data.resolve(BuilderIds.FILE));
    }

    @Test
    void anUnchangedIdDoesNotRewriteTheFile() throws Exception {
        BuilderIds.remember(data, "http://a:1/builder");
        Path file = data.resolve(BuilderIds.FILE);
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() - 60_000));
        java.nio.file.attribute.FileTime aged = Files.getLastModifiedTime(file);

        assertThat(BuilderIds.remember(data, "http://a:1/builder")).containsExactly("http://a:1/builder");
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(aged);
    }
}

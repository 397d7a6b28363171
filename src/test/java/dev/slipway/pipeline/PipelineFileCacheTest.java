package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.artifact.Digest;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PipelineFiles} reads and parses the file at a commit once, and forgets only what it could not read. */
class PipelineFileCacheTest {
    private static final String VALID = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps: [ { run: "true" } ]
            """;
    private static final String INVALID = "stages: [ oops\n";

    private final List<String> reads = new ArrayList<>();
    private boolean failing;

    /** Commits starting with 0 have no pipeline file, with 1 an invalid one; the others a valid one. */
    private final SourceRepository source = new SourceRepository() {
        @Override
        public Optional<byte[]> readFile(String app, String commit, String path) {
            assertThat(path).isEqualTo(PipelineParser.FILE);
            reads.add(app + "@" + commit);
            if (failing) {
                throw new UncheckedIOException(new java.io.IOException("no such commit"));
            }
            String text = commit.startsWith("0") ? null : commit.startsWith("1") ? INVALID : VALID;
            return Optional.ofNullable(text).map(t -> t.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String treeId(String app, String commit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkout(String app, String commit, String branch, Path dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean branchExists(String app, String branch) {
            throw new UnsupportedOperationException();
        }
    };

    private static Run run(String app, long number, String commit) {
        return new Run(app, number, "main", commit, "t", null, "alice", RunState.SUCCEEDED, null, null, null,
                Instant.EPOCH, null, null);
    }

    @Test
    void aCommitIsReadOnceForEveryRunOfItAndAppsAreKeptApart() {
        PipelineFiles files = new PipelineFiles(source);
        Optional<PipelineSpec> first = files.specOf(run("hello", 1, "a".repeat(40)));
        assertThat(first).isPresent();
        assertThat(files.specOf(run("hello", 2, "a".repeat(40)))).isSameAs(first);
        assertThat(files.specOf(run("other", 1, "a".repeat(40)))).isPresent();
        assertThat(files.specOf(run("hello", 3, "0".repeat(40)))).as("a missing file stays missing").isEmpty();
        assertThat(files.specOf(run("hello", 4, "0".repeat(40)))).isEmpty();
        assertThat(reads).containsExactly("hello@" + "a".repeat(40), "other@" + "a".repeat(40), "hello@" + "0".repeat(40));
    }

    @Test
    void aFailedReadIsNotRememberedAndTheLeastRecentlyUsedGoesFirst() {
        PipelineFiles files = new PipelineFiles(source, 2);
        failing = true;
        assertThatThrownBy(() -> files.specOf(run("hello", 1, "a".repeat(40)))).isInstanceOf(UncheckedIOException.class);
        failing = false;
        files.specOf(run("hello", 1, "a".repeat(40)));
        files.specOf(run("hello", 2, "b".repeat(40)));
        files.specOf(run("hello", 3, "a".repeat(40))); // a is now the most recently used
        files.specOf(run("hello", 4, "c".repeat(40))); // evicts b
        files.specOf(run("hello", 5, "a".repeat(40)));
        files.specOf(run("hello", 6, "b".repeat(40)));
        assertThat(reads).containsExactly("hello@" + "a".repeat(40), "hello@" + "a".repeat(40),
                "hello@" + "b".repeat(40), "hello@" + "c".repeat(40), "hello@" + "b".repeat(40));
    }

    @Test
    void aFileIsMissingInvalidOrParsedWithTheDigestOfItsBytesAndAnInvalidOneIsRememberedToo() {
        PipelineFiles files = new PipelineFiles(source);
        PipelineFile missing = files.at("hello", "0".repeat(40));
        assertThat(missing.exists()).isFalse();
        assertThat(missing.digest()).isEmpty();

        PipelineFile invalid = files.at("hello", "1".repeat(40));
        assertThat(invalid.digest()).contains(Digest.ofBytes(INVALID.getBytes(StandardCharsets.UTF_8)));
        assertThat(invalid.spec()).isEmpty();
        assertThat(invalid.problem()).hasValueSatisfying(p -> assertThat(p).startsWith(PipelineParser.FILE + ":"));
        assertThat(files.at("hello", "1".repeat(40))).isSameAs(invalid);

        PipelineFile parsed = files.at("hello", "a".repeat(40));
        assertThat(parsed.digest()).contains(Digest.ofBytes(VALID.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.spec()).hasValueSatisfying(spec -> assertThat(spec.stages()).hasSize(1));
        assertThat(parsed.problem()).isEmpty();
        assertThat(reads).containsExactly("hello@" + "0".repeat(40), "hello@" + "1".repeat(40), "hello@" + "a".repeat(40));
    }
}

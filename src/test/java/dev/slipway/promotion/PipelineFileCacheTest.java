package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineFileCacheTest {
    private final List<String> reads = new ArrayList<>();
    private boolean failing;

    private final PipelineFiles source = run -> {
        reads.add(run.app() + "@" + run.commit());
        if (failing) {
            throw new UncheckedIOException(new java.io.IOException("no such commit"));
        }
        return run.commit().startsWith("0") ? Optional.empty()
                : Optional.of(new PipelineSpec(List.of(), Optional.empty(), List.of()));
    };

    private static Run run(String app, long number, String commit) {
        return new Run(app, number, "main", commit, "t", null, "alice", RunState.SUCCEEDED, null, null, null,
                Instant.EPOCH, null, null);
    }

    @Test
    void aCommitIsReadOnceForEveryRunOfItAndAppsAreKeptApart() {
        PipelineFileCache cache = new PipelineFileCache(source);
        Optional<PipelineSpec> first = cache.specOf(run("hello", 1, "a".repeat(40)));
        assertThat(cache.specOf(run("hello", 2, "a".repeat(40)))).isSameAs(first);
        assertThat(cache.specOf(run("other", 1, "a".repeat(40)))).isPresent();
        assertThat(cache.specOf(run("hello", 3, "0".repeat(40)))).as("a missing file stays missing").isEmpty();
        assertThat(cache.specOf(run("hello", 4, "0".repeat(40)))).isEmpty();
        assertThat(reads).containsExactly("hello@" + "a".repeat(40), "other@" + "a".repeat(40), "hello@" + "0".repeat(40));
    }

    @Test
    void aFailedReadIsNotRememberedAndTheLeastRecentlyUsedGoesFirst() {
        PipelineFileCache cache = new PipelineFileCache(source, 2);
        failing = true;
        assertThatThrownBy(() -> cache.specOf(run("hello", 1, "a".repeat(40)))).isInstanceOf(UncheckedIOException.class);
        failing = false;
        cache.specOf(run("hello", 1, "a".repeat(40)));
        cache.specOf(run("hello", 2, "b".repeat(40)));
        cache.specOf(run("hello", 3, "a".repeat(40))); // a is now the most recently used
        cache.specOf(run("hello", 4, "c".repeat(40))); // evicts b
        cache.specOf(run("hello", 5, "a".repeat(40)));
        cache.specOf(run("hello", 6, "b".repeat(40)));
        assertThat(reads).containsExactly("hello@" + "a".repeat(40), "hello@" + "a".repeat(40),
                "hello@" + "b".repeat(40), "hello@" + "c".repeat(40), "hello@" + "b".repeat(40));
    }
}

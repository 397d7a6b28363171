package dev.slipway.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** A {@link SourceRepository} that holds only pipeline files: each commit's text, or none where it gives null. */
public final class PipelineTexts implements SourceRepository {
    private final Function<String, String> textAt;

    public PipelineTexts(Function<String, String> textAt) {
        this.textAt = textAt;
    }

    @Override
    public Optional<byte[]> readFile(String app, String commit, String path) {
        return Optional.ofNullable(path.equals(PipelineParser.FILE) ? textAt.apply(commit) : null)
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String treeId(String app, String commit) {
        return "tree-" + commit;
    }

    @Override
    public void checkout(String app, String commit, String branch, Path dir) {
        throw new UnsupportedOperationException("only pipeline files here");
    }

    @Override
    public boolean branchExists(String app, String branch) {
        return true;
    }
}

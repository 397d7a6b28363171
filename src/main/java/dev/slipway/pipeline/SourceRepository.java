package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to an app's pushed commits. */
public interface SourceRepository {
    Optional<byte[]> readFile(String app, String commit, String path);

    /**
     * The file's head when it may be large: all of it up to {@code maxBytes}, else its first {@code maxBytes + 1}
     * bytes with its full size and digest. A repository that can stream should not hold a large file whole.
     */
    default Optional<FileHead> readHead(String app, String commit, String path, int maxBytes) {
        return readFile(app, commit, path).map(bytes -> FileHead.of(bytes, maxBytes));
    }

    /**
     * The files under {@code dir} of the commit, in its subdirectories too, whose names the query {@link
     * DirectoryQuery#wants wants}, sorted by path, each whole; empty when the commit has nothing at {@code dir}.
     * Refused ({@link DirectoryException}) when {@code dir} is not a directory, when a symbolic link or a submodule is
     * anywhere under it (wanted or not: either may hide a file), and when a limit of the query is crossed; the limits
     * are checked on the sizes before any file is read.
     */
    default Optional<List<SourceFile>> readDirectory(String app, String commit, String dir, DirectoryQuery query)
            throws DirectoryException {
        throw new UnsupportedOperationException("this source repository cannot read directories");
    }

    /**
     * When the commit was made, as its committer's clock said (git's committer time: the moment a change was last
     * written, amend and rebase included); empty when this repository cannot tell.
     */
    default Optional<Instant> commitTime(String app, String commit) {
        return Optional.empty();
    }

    /** The id of the commit's root tree: two commits with the same tree have the same content. */
    String treeId(String app, String commit);

    /**
     * Writes the commit's files into dir (which must not exist), with executable bits and symlinks, as a git work tree:
     * {@code dir/.git} is a shallow repository (the commit without its history) whose HEAD is {@code branch} at the
     * commit, with a clean index, so build tools that ask git (describe, rev-parse, commit-id plugins) find it.
     * {@code branch} may be null: HEAD is then detached at the commit.
     */
    void checkout(String app, String commit, String branch, Path dir) throws IOException;

    /** Whether the app's repository has the branch now ({@code refs/heads/<branch>}). */
    boolean branchExists(String app, String branch);
}

package dev.slipway.git;

import dev.slipway.pipeline.FileHead;
import dev.slipway.pipeline.SourceRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads pushed commits straight from the bare repositories — no clone, no git process. */
public final class JGitSource implements SourceRepository {
    private final GitStore store;

    public JGitSource(GitStore store) {
        this.store = store;
    }

    @Override
    public Optional<byte[]> readFile(String app, String commit, String path) {
        return read(app, commit, path, ObjectLoader::getBytes);
    }

    @Override
    public Optional<FileHead> readHead(String app, String commit, String path, int maxBytes) {
        return read(app, commit, path, loader -> {
            if (!loader.isLarge() && loader.getSize() <= maxBytes) {
                return FileHead.of(loader.getCachedBytes(), maxBytes);
            }
            try (InputStream in = loader.openStream()) {
                return FileHead.read(in, maxBytes);
            }
        });
    }

    private interface Reading<T> {
        T from(ObjectLoader loader) throws IOException;
    }

    private <T> Optional<T> read(String app, String commit, String path, Reading<T> reading) {
        Repository repo = store.repository(app);
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(reader, path, c.getTree())) {
                if (tree == null || (tree.getFileMode(0).getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                    return Optional.empty();
                }
                return Optional.of(reading.from(reader.open(tree.getObjectId(0))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " at " + commit, e);
        }
    }

    @Override
    public String treeId(String app, String commit) {
        Repository repo = store.repository(app);
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(ObjectId.fromString(commit)).getTree().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit, e);
        }
    }

    @Override
    public boolean branchExists(String app, String branch) {
        try {
            return store.repository(app).exactRef("refs/heads/" + branch) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the branches of " + app, e);
        }
    }

    @Override
    public void checkout(String app, String commit, String branch, Path dir) throws IOException {
        Repository repo = store.repository(app);
        try (ObjectReader reader = repo.newObjectReader()) {
            ShallowCheckout.write(reader, ObjectId.fromString(commit), branch, dir);
        }
    }
}

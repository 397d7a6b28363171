package dev.slipway.git;

import dev.slipway.pipeline.FileHead;
import dev.slipway.pipeline.SourceRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
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
        Repository source = store.repository(app);
        ObjectId id = ObjectId.fromString(commit);
        Files.createDirectory(dir);
        try (Repository work = new FileRepositoryBuilder().setGitDir(dir.resolve(Constants.DOT_GIT).toFile())
                .setWorkTree(dir.toFile()).build()) {
            work.create(false);
            copyCommit(source, work, id);
            // a shallow clone of depth 1: git stops at this commit instead of looking for its parents
            Files.writeString(dir.resolve(Constants.DOT_GIT).resolve(Constants.SHALLOW), commit + "\n");
            pointHead(work, id, branch);
            Git.wrap(work).reset().setMode(ResetType.HARD).setRef(commit).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot check out " + commit + " of " + app + ": " + e.getMessage(), e);
        }
    }

    /** The commit, its root tree and everything under it (not submodules' commits, which the repository lacks). */
    private static void copyCommit(Repository source, Repository work, ObjectId id) throws IOException {
        try (ObjectReader reader = source.newObjectReader(); RevWalk walk = new RevWalk(reader);
             ObjectInserter inserter = work.newObjectInserter(); TreeWalk tree = new TreeWalk(reader)) {
            RevCommit c = walk.parseCommit(id);
            copy(reader, inserter, c);
            copy(reader, inserter, c.getTree());
            tree.addTree(c.getTree());
            while (tree.next()) {
                if (tree.getFileMode(0) == FileMode.GITLINK) {
                    continue;
                }
                copy(reader, inserter, tree.getObjectId(0));
                if (tree.isSubtree()) {
                    tree.enterSubtree();
                }
            }
            inserter.flush();
        }
    }

    private static void copy(ObjectReader reader, ObjectInserter inserter, ObjectId id) throws IOException {
        ObjectLoader object = reader.open(id);
        try (InputStream in = object.openStream()) {
            inserter.insert(object.getType(), object.getSize(), in);
        }
    }

    private static void pointHead(Repository work, ObjectId id, String branch) throws IOException {
        RefUpdate head = work.updateRef(Constants.HEAD, branch == null);
        if (branch == null) {
            head.setNewObjectId(id);
            head.forceUpdate();
            return;
        }
        RefUpdate ref = work.updateRef(Constants.R_HEADS + branch);
        ref.setNewObjectId(id);
        ref.forceUpdate();
        head.link(Constants.R_HEADS + branch);
    }
}

package dev.slipway.git;

import dev.slipway.pipeline.DirectoryException;
import dev.slipway.pipeline.DirectoryQuery;
import dev.slipway.pipeline.FileHead;
import dev.slipway.pipeline.SourceFile;
import dev.slipway.pipeline.SourceRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
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
    public Optional<List<SourceFile>> readDirectory(String app, String commit, String dir, DirectoryQuery query)
            throws DirectoryException {
        Repository repo = store.repository(app);
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk top = TreeWalk.forPath(reader, dir, c.getTree())) {
                if (top == null) {
                    return Optional.empty();
                }
                FileMode mode = top.getFileMode(0);
                if (mode == FileMode.SYMLINK) {
                    throw DirectoryException.symlink(dir);
                }
                if (mode == FileMode.GITLINK) {
                    throw DirectoryException.submodule(dir);
                }
                if (mode != FileMode.TREE) {
                    throw DirectoryException.notADirectory(dir, "a file");
                }
                List<SourceFile> files = new ArrayList<>();
                for (Listed file : list(reader, dir, top.getObjectId(0), query)) {
                    // sizes were checked from the object headers: each blob read here is within the limits
                    files.add(new SourceFile(file.path(), reader.open(file.id(), Constants.OBJ_BLOB).getBytes()));
                }
                return Optional.of(files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + " at " + commit, e);
        }
    }

    private record Listed(String path, ObjectId id) {}

    /** The wanted files under a tree, by path, with every limit checked on the sizes git stores: nothing is read. */
    private static List<Listed> list(ObjectReader reader, String dir, ObjectId tree, DirectoryQuery query)
            throws IOException, DirectoryException {
        List<Listed> listed = new ArrayList<>();
        long total = 0;
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                String path = dir + "/" + walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.SYMLINK) {
                    throw DirectoryException.symlink(path);
                }
                if (mode == FileMode.GITLINK) {
                    throw DirectoryException.submodule(path);
                }
                if (!query.wants(path)) {
                    continue;
                }
                if (listed.size() == query.maxFiles()) {
                    throw DirectoryException.tooManyFiles(dir, query);
                }
                long size = reader.getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB);
                if (size > query.maxFileBytes()) {
                    throw DirectoryException.fileTooLarge(path, size, query);
                }
                total += size;
                if (total > query.maxTotalBytes()) {
                    throw DirectoryException.tooLargeInTotal(dir, path, query);
                }
                listed.add(new Listed(path, walk.getObjectId(0)));
            }
        }
        // git orders a tree's entries as if directories ended in '/': people expect plain path order
        listed.sort(Comparator.comparing(Listed::path));
        return listed;
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
    public Optional<Instant> commitTime(String app, String commit) {
        Repository repo = store.repository(app);
        try (RevWalk walk = new RevWalk(repo)) {
            return Optional.of(Instant.ofEpochSecond(walk.parseCommit(ObjectId.fromString(commit)).getCommitTime()));
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

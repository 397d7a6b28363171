package dev.slipway.git;

import dev.slipway.pipeline.FileHead;
import dev.slipway.pipeline.SourceRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
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
    public void checkout(String app, String commit, Path dir) throws IOException {
        Repository repo = store.repository(app);
        Files.createDirectory(dir);
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
             TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                write(reader, tree, dir);
            }
        }
    }

    private static void write(ObjectReader reader, TreeWalk tree, Path dir) throws IOException {
        Path target = dir.resolve(tree.getPathString());
        FileMode mode = tree.getFileMode(0);
        if (mode == FileMode.GITLINK) {
            return; // submodules are not part of the tree's content
        }
        Files.createDirectories(target.getParent());
        if (mode == FileMode.SYMLINK) {
            String link = new String(reader.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            Files.createSymbolicLink(target, Paths.get(link));
            return;
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            reader.open(tree.getObjectId(0)).copyTo(out);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}

package dev.slipway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes a commit straight into a (bare) repository with JGit, as a push would leave it: regular files, symbolic links
 * and submodules (gitlinks) at any path. For tests of what is read from commits without a git client in between.
 */
public final class TestCommits {
    private record Entry(FileMode mode, byte[] bytes, ObjectId gitlink) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public TestCommits file(String path, String text) {
        return file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public TestCommits file(String path, byte[] bytes) {
        entries.put(path, new Entry(FileMode.REGULAR_FILE, bytes, null));
        return this;
    }

    /** A symbolic link at {@code path} whose target is {@code target}. */
    public TestCommits symlink(String path, String target) {
        entries.put(path, new Entry(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    /** A submodule at {@code path} (a gitlink to a commit of another repository). */
    public TestCommits submodule(String path) {
        entries.put(path, new Entry(FileMode.GITLINK, null, ObjectId.fromString("1".repeat(40))));
        return this;
    }

    /** Writes the files as one commit (no parent) and returns its id. */
    public String commit(Repository repo) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(e.getKey());
                entry.setFileMode(e.getValue().mode());
                entry.setObjectId(e.getValue().gitlink() != null ? e.getValue().gitlink()
                        : inserter.insert(Constants.OBJ_BLOB, e.getValue().bytes()));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("test commit\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.name();
        }
    }
}

package dev.slipway.git;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes one commit as a git work tree: its files, and in {@code .git} a shallow repository of that commit alone
 * (loose objects, HEAD on the branch, a clean index), in git's own on-disk formats. Written directly rather than
 * through JGit's repository classes, which cost tens of milliseconds a checkout here against well under one for the
 * files alone — and every job pays it.
 */
final class ShallowCheckout {
    private static final int REGULAR = 0100644;
    private static final int EXECUTABLE = 0100755;
    private static final int SYMLINK = 0120000;
    private static final int GITLINK = 0160000;

    private record IndexEntry(String path, int mode, ObjectId id, Path file) {}

    private final ObjectReader reader;
    private final Path dir;
    private final Path git;
    private final List<IndexEntry> index = new ArrayList<>();

    private ShallowCheckout(ObjectReader reader, Path dir) {
        this.reader = reader;
        this.dir = dir;
        this.git = dir.resolve(Constants.DOT_GIT);
    }

    /** {@code dir} must not exist; {@code branch} null leaves HEAD detached at the commit. */
    static void write(ObjectReader reader, ObjectId commit, String branch, Path dir) throws IOException {
        Files.createDirectory(dir);
        new ShallowCheckout(reader, dir).write(commit, branch);
    }

    private void write(ObjectId commitId, String branch) throws IOException {
        Files.createDirectories(git.resolve("objects"));
        Files.createDirectories(git.resolve("refs/heads"));
        Files.createDirectories(git.resolve("refs/tags"));
        RevCommit commit;
        try (RevWalk walk = new RevWalk(reader)) {
            commit = walk.parseCommit(commitId);
        }
        object(commit);
        object(commit.getTree());
        try (TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(commit.getTree());
            while (tree.next()) {
                entry(tree);
            }
        }
        Files.writeString(git.resolve("config"),
                "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n");
        // depth 1: git stops at this commit instead of looking for its parents
        Files.writeString(git.resolve(Constants.SHALLOW), commitId.name() + "\n");
        if (branch == null) {
            Files.writeString(git.resolve(Constants.HEAD), commitId.name() + "\n");
        } else {
            Path ref = git.resolve(Constants.R_HEADS + branch);
            Files.createDirectories(ref.getParent());
            Files.writeString(ref, commitId.name() + "\n");
            Files.writeString(git.resolve(Constants.HEAD), "ref: " + Constants.R_HEADS + branch + "\n");
        }
        writeIndex();
    }

    private void entry(TreeWalk tree) throws IOException {
        FileMode mode = tree.getFileMode(0);
        ObjectId id = tree.getObjectId(0);
        String path = tree.getPathString();
        Path target = dir.resolve(path);
        if (tree.isSubtree()) {
            object(id);
            Files.createDirectories(target);
            tree.enterSubtree();
        } else if (mode == FileMode.GITLINK) {
            Files.createDirectories(target); // a submodule's place, empty: its commits are not in this repository
            index.add(new IndexEntry(path, GITLINK, id, target));
        } else if (mode == FileMode.SYMLINK) {
            byte[] link = object(id);
            Files.createDirectories(target.getParent());
            Files.createSymbolicLink(target, Paths.get(new String(link, StandardCharsets.UTF_8)));
            index.add(new IndexEntry(path, SYMLINK, id, target));
        } else {
            Files.createDirectories(target.getParent());
            blob(id, target);
            boolean executable = mode == FileMode.EXECUTABLE_FILE;
            if (executable) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            index.add(new IndexEntry(path, executable ? EXECUTABLE : REGULAR, id, target));
        }
    }

    /** Writes the loose object and answers its content (small objects only: trees, commits, links). */
    private byte[] object(ObjectId id) throws IOException {
        ObjectLoader loader = reader.open(id);
        byte[] content = loader.getCachedBytes();
        try (OutputStream out = looseObject(id, loader.getType(), content.length)) {
            out.write(content);
        }
        return content;
    }

    /** A file's content goes to the work tree and, deflated, to its loose object in one read of the blob. */
    private void blob(ObjectId id, Path target) throws IOException {
        ObjectLoader loader = reader.open(id);
        try (InputStream in = loader.openStream(); OutputStream file = Files.newOutputStream(target);
             OutputStream object = looseObject(id, Constants.OBJ_BLOB, loader.getSize())) {
            byte[] buffer = new byte[8 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                file.write(buffer, 0, n);
                object.write(buffer, 0, n);
            }
        }
    }

    private OutputStream looseObject(ObjectId id, int type, long size) throws IOException {
        String name = id.name();
        Path path = git.resolve("objects").resolve(name.substring(0, 2)).resolve(name.substring(2));
        Files.createDirectories(path.getParent());
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        OutputStream out = new DeflaterOutputStream(Files.newOutputStream(path), deflater, 8 * 1024) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    deflater.end();
                }
            }
        };
        out.write((Constants.typeString(type) + " " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    /** The index (version 2) with each file's stat data, so git sees the work tree clean without reading it. */
    private void writeIndex() throws IOException {
        index.sort((a, b) -> Arrays.compareUnsigned(a.path().getBytes(StandardCharsets.UTF_8),
                b.path().getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBytes("DIRC");
        out.writeInt(2);
        out.writeInt(index.size());
        for (IndexEntry entry : index) {
            Map<String, Object> stat = Files.readAttributes(entry.file(), "unix:*", LinkOption.NOFOLLOW_LINKS);
            time(out, (FileTime) stat.get("ctime"));
            time(out, (FileTime) stat.get("lastModifiedTime"));
            out.writeInt((int) (long) stat.get("dev"));
            out.writeInt((int) (long) stat.get("ino"));
            out.writeInt(entry.mode());
            out.writeInt((int) stat.get("uid"));
            out.writeInt((int) stat.get("gid"));
            out.writeInt(entry.mode() == GITLINK ? 0 : (int) (long) stat.get("size"));
            byte[] id = new byte[Constants.OBJECT_ID_LENGTH];
            entry.id().copyRawTo(id, 0);
            out.write(id);
            byte[] name = entry.path().getBytes(StandardCharsets.UTF_8);
            out.writeShort(Math.min(name.length, 0xFFF));
            out.write(name);
            int length = 62 + name.length;
            out.write(new byte[8 - length % 8]); // 1 to 8 NULs: the name ends, the entry fills 8-byte blocks
        }
        out.flush();
        byte[] body = bytes.toByteArray();
        try (OutputStream file = Files.newOutputStream(git.resolve("index"))) {
            file.write(body);
            file.write(sha1().digest(body));
        }
    }

    private static void time(DataOutputStream out, FileTime time) throws IOException {
        long nanos = time.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        out.writeInt((int) (nanos / 1_000_000_000L));
        out.writeInt((int) (nanos % 1_000_000_000L));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
    }
}

package dev.slipway.runner;

import dev.slipway.Problem;
import dev.slipway.pipeline.RemoteWorkspaces;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The workspaces of the jobs running as pods now, which those pods fetch and send back over the API
 * ({@link RemoteWorkspaces}). A job is here from just before its pod is created until the executor is done with
 * it; a tar sent back is unpacked beside the workspace first (entries outside it refused, at most the job's limit of
 * bytes read) and only then replaces the workspace's contents, so a refused upload changes nothing.
 */
public final class PodWorkspaces implements RemoteWorkspaces {
    private record Key(String app, long run, String job) {}

    private static final class Slot {
        final Path workspace;
        final long limit;
        volatile boolean received;

        Slot(Path workspace, long limit) {
            this.workspace = workspace;
            this.limit = limit;
        }
    }

    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    /** A job's workspace, open to its pod until closed. */
    public final class Open implements AutoCloseable {
        private final Key key;
        private final Slot slot;

        private Open(Key key, Slot slot) {
            this.key = key;
            this.slot = slot;
        }

        /** Whether the pod sent its workspace back (and it was taken). */
        public boolean received() {
            return slot.received;
        }

        @Override
        public void close() {
            slots.remove(key, slot);
        }
    }

    /** Opens {@code workspace} to the pod of this job; {@code limit}: the most bytes of tar it may send back. */
    public Open open(String app, long run, String job, Path workspace, long limit) {
        Key key = new Key(app, run, job);
        Slot slot = new Slot(workspace, limit);
        slots.put(key, slot);
        return new Open(key, slot);
    }

    @Override
    public void send(String app, long run, String job, OutputStream out) throws IOException {
        Slot slot = slot(app, run, job);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Path root = slot.workspace;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                add(tar, root, path);
            }
        }
        tar.finish();
        tar.flush();
    }

    private static void add(TarArchiveOutputStream tar, Path root, Path path) throws IOException {
        String name = "./" + root.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            TarArchiveEntry entry = new TarArchiveEntry(name.equals("./") ? "./" : name + "/");
            entry.setMode(040755);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), name);
            boolean executable = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
            entry.setMode(executable ? 0100755 : 0100644);
            tar.putArchiveEntry(entry);
            Files.copy(path, tar);
            tar.closeArchiveEntry();
        }
    }

    @Override
    public void receive(String app, long run, String job, InputStream tar) throws IOException {
        Slot slot = slot(app, run, job);
        Path incoming = slot.workspace.resolveSibling(slot.workspace.getFileName() + ".incoming");
        JobContainer.deleteQuietly(incoming);
        Files.createDirectories(incoming);
        try {
            try {
                WorkspaceTar.unpack(new Limited(tar, slot.limit), incoming);
            } catch (IOException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof Problem problem) {
                        throw problem;
                    }
                }
                throw Problem.invalid("the workspace tar of job '" + job + "' was refused: " + e.getMessage()
                        + "; send `tar -C WORKSPACE -cf - .` of the job's workspace, nothing outside it");
            }
            replaceContents(slot.workspace, incoming);
            slot.received = true;
        } finally {
            JobContainer.deleteQuietly(incoming);
        }
    }

    private Slot slot(String app, long run, String job) {
        Slot slot = slots.get(new Key(app, run, job));
        if (slot == null) {
            throw Problem.notFound("job '" + job + "' of " + app + " run #" + run + " is not running as a pod now: "
                    + "its workspace is open only while its pod runs");
        }
        return slot;
    }

    private static void replaceContents(Path workspace, Path incoming) throws IOException {
        Files.createDirectories(workspace);
        try (Stream<Path> old = Files.list(workspace)) {
            for (Path entry : old.toList()) {
                JobContainer.deleteQuietly(entry);
            }
        }
        List<Path> fresh;
        try (Stream<Path> listed = Files.list(incoming)) {
            fresh = listed.toList();
        }
        for (Path entry : fresh) {
            Files.move(entry, workspace.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Reads at most {@code limit} bytes; one more is a TOO_LARGE problem (wrapped, as the tar reader wraps nothing). */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new IOException("over the limit", Problem.tooLarge("the workspace tar is larger than this job's "
                        + "limit of " + limit + " bytes: send back only what later steps need (artifact, passed "
                        + "files, caches), or ask an admin to raise the executor's upload limit"));
            }
        }
    }
}

package dev.slipway.artifact;

import dev.slipway.artifact.ArtifactEntries.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes entries as a tar whose bytes depend only on names, contents, the executable bit and link targets,
 * so the same build output always has the same digest whoever built it and whenever.
 */
final class DeterministicTar {

    /** 1980-01-01: zip's epoch; some tools treat a zero mtime as "unknown". */
    static final FileTime FIXED_MTIME = FileTime.from(Instant.parse("1980-01-01T00:00:00Z"));
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_DIRECTORY = 040000;
    private static final int TYPE_SYMLINK = 0120000;

    private DeterministicTar() {}

    /** Opens a tar stream on {@code out}; PAX headers carry names longer than 100 bytes and sizes over 8 GiB. */
    static TarArchiveOutputStream open(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    /** Writes the entries in the given order and returns how many files and symlinks were written. */
    static int write(List<Entry> entries, TarArchiveOutputStream tar) throws IOException, ArtifactException {
        int files = 0;
        for (Entry entry : entries) {
            TarArchiveEntry header = header(entry);
            tar.putArchiveEntry(header);
            if (entry.kind() == ArtifactEntries.Kind.FILE) {
                copyExactly(entry, tar);
            }
            tar.closeArchiveEntry();
            if (entry.kind() != ArtifactEntries.Kind.DIRECTORY) {
                files++;
            }
        }
        return files;
    }

    private static TarArchiveEntry header(Entry entry) {
        TarArchiveEntry header = switch (entry.kind()) {
            case DIRECTORY -> new TarArchiveEntry(entry.archiveName(), TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(entry.archiveName(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(entry.archiveName(), TarConstants.LF_SYMLINK);
        };
        header.setMode(switch (entry.kind()) {
            case DIRECTORY -> TYPE_DIRECTORY | 0755;
            case FILE -> TYPE_FILE | (entry.executable() ? 0755 : 0644);
            // What the kernel reports for every symlink; a link's own mode is never used.
            case SYMLINK -> TYPE_SYMLINK | 0777;
        });
        if (entry.kind() == ArtifactEntries.Kind.SYMLINK) {
            header.setLinkName(entry.linkTarget());
        }
        header.setSize(entry.size());
        header.setLastModifiedTime(FIXED_MTIME);
        header.setUserId(0);
        header.setGroupId(0);
        // The constructor fills in the JVM's user name; that must not reach the bytes.
        header.setUserName("");
        header.setGroupName("");
        return header;
    }

    /** Copies exactly the size recorded in the header, and refuses a file that grew or shrank meanwhile. */
    private static void copyExactly(Entry entry, OutputStream tar) throws IOException, ArtifactException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = entry.size();
        try (InputStream in = Files.newInputStream(entry.source())) {
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw changedWhileStoring(entry);
                }
                tar.write(buffer, 0, read);
                remaining -= read;
            }
            if (in.read() >= 0) {
                throw changedWhileStoring(entry);
            }
        }
    }

    private static ArtifactException changedWhileStoring(Entry entry) {
        return new ArtifactException("file '" + entry.name() + "' changed while the artifact was being stored: "
                + "make sure no process started by the job still writes to it");
    }
}

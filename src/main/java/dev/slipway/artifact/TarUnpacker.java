package dev.slipway.artifact;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a stored tar into an empty directory while hashing every byte read, then compares the hash.
 * The caller owns the directory and deletes it when this throws. Nothing is flushed to disk here: the result
 * names what was written, relative to the directory, for the caller to flush when (and if) it must.
 */
final class TarUnpacker {

    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

    private record Link(Path at, String target) {}

    /** The regular files and the directories (the root, as "", included) written, relative to the root. */
    record Written(List<Path> files, List<Path> directories) {}

    private final Path root;
    private final List<Link> links = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final Set<Path> directories = new LinkedHashSet<>();

    private TarUnpacker(Path root) {
        this.root = root;
    }

    static Written unpack(Path tarFile, Digest expected, Path into) throws IOException, ArtifactException {
        TarUnpacker unpacker = new TarUnpacker(into);
        unpacker.run(tarFile, expected);
        return new Written(unpacker.files.stream().map(into::relativize).toList(),
                unpacker.directories.stream().map(into::relativize).toList());
    }

    private void run(Path tarFile, Digest expected) throws IOException, ArtifactException {
        MessageDigest sha = Digest.newSha256();
        Exception failure = null;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(tarFile), 64 * 1024), sha)) {
            try {
                extractAll(new TarArchiveInputStream(in, StandardCharsets.UTF_8.name()));
            } catch (IOException | ArtifactException e) {
                // A corrupted file often breaks the tar format first; the digest tells corruption from a local problem.
                failure = e;
            }
            in.transferTo(OutputStream.nullOutputStream());
        }
        Digest actual = Digest.of(sha.digest());
        if (!actual.equals(expected)) {
            throw new ArtifactException("artifact " + expected + " is corrupted: the stored file " + tarFile + " hashes to " + actual
                    + "; delete that file and re-run the pipeline that built it", failure);
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof ArtifactException e) {
            throw e;
        }
        // Symlinks last: no file is ever written through a link that the archive itself created.
        for (Link link : links) {
            Files.createSymbolicLink(link.at(), Paths.get(link.target()));
        }
    }

    private void extractAll(TarArchiveInputStream tar) throws IOException, ArtifactException {
        directories.add(root);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path path = resolve(entry.getName());
            if (entry.isDirectory()) {
                ensureDirectory(path);
            } else if (entry.isSymbolicLink()) {
                if (!RelativePaths.linkStaysInside(entry.getName(), entry.getLinkName())) {
                    throw new ArtifactException("archive symlink '" + entry.getName() + "' points outside the artifact: '" + entry.getLinkName() + "'");
                }
                ensureDirectory(path.getParent());
                links.add(new Link(path, entry.getLinkName()));
            } else if (entry.isFile()) {
                ensureDirectory(path.getParent());
                writeFile(path, tar, (entry.getMode() & 0111) != 0);
                files.add(path);
            } else {
                throw new ArtifactException("archive entry '" + entry.getName() + "' has an unsupported type: artifacts hold only files, directories and symlinks");
            }
        }
    }

    private Path resolve(String name) throws ArtifactException {
        List<String> segments = RelativePaths.segments(name)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ArtifactException("archive entry '" + name + "' would land outside the target directory"));
        return root.resolve(String.join("/", segments));
    }

    private void ensureDirectory(Path directory) throws IOException {
        if (directories.contains(directory)) {
            return;
        }
        ensureDirectory(directory.getParent());
        if (!Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(directory);
        }
        // Set explicitly: the umask must not decide what a deployed artifact may do.
        Files.setPosixFilePermissions(directory, EXECUTABLE);
        directories.add(directory);
    }

    private static void writeFile(Path path, InputStream content, boolean executable) throws IOException {
        // CREATE_NEW fails on an existing name, links included, so a duplicate entry cannot overwrite anything.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(path, executable ? EXECUTABLE : REGULAR);
            content.transferTo(Channels.newOutputStream(channel));
        }
    }
}

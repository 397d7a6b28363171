package dev.slipway.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the tar a remote engine sends of a job's workspace ({@code GET /containers/ID/archive}: one top directory,
 * the workspace's name; a pod's upload: {@code ./}) back into the host's workspace: directories, files with their
 * execute bit, symbolic links. Nothing may land outside the workspace: an entry or a link target that would is
 * refused, also one that would reach out through a link an earlier entry made.
 */
final class WorkspaceTar {
    private WorkspaceTar() {}

    /** An entry's path below the top directory, which is the workspace itself. */
    private static String relative(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(slash + 1);
    }

    static void unpack(InputStream tar, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize().toRealPath();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                String relative = relative(name);
                Path path = root.resolve(relative).normalize();
                if (!path.startsWith(root) || !throughLinksInside(root, path)) {
                    throw new IOException("the job's copy of the workspace holds '" + name + "', outside it");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Path target = path.getParent().resolve(entry.getLinkName()).normalize();
                    Path raw = path.getParent().resolve(entry.getLinkName());
                    if (!target.startsWith(root) || (Files.exists(raw) && !raw.toRealPath().startsWith(root))) {
                        throw new IOException("the job's copy of the workspace links '" + name + "' to '"
                                + entry.getLinkName() + "', outside it");
                    }
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) { // a hard link to an earlier entry of the same copy
                    Path target = root.resolve(relative(entry.getLinkName())).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("the job's copy of the workspace links '" + name + "' to '"
                                + entry.getLinkName() + "', outside it");
                    }
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createLink(path, target);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                        modes.add(PosixFilePermission.OWNER_EXECUTE);
                        Files.setPosixFilePermissions(path, modes);
                    }
                }
            }
        }
    }

    /**
     * Whether {@code path} or its nearest existing ancestor, with the links it passes through followed, is
     * still inside {@code root}: an earlier entry's link ({@code d -> ..}) must not carry a later one out.
     */
    private static boolean throughLinksInside(Path root, Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.toRealPath().startsWith(root);
    }
}

package dev.slipway.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** Collects what an artifact holds from a workspace: checked, deduplicated and in archive order. */
final class ArtifactEntries {

    enum Kind { DIRECTORY, FILE, SYMLINK }

    /** One archive entry; {@code name} is relative to the workspace, '/'-separated, without a trailing slash. */
    record Entry(String name, Kind kind, Path source, long size, boolean executable, String linkTarget) {

        /** Tar convention: directory names end with '/'; sorting on this form also keeps a directory before its contents. */
        String archiveName() {
            return kind == Kind.DIRECTORY ? name + "/" : name;
        }
    }

    /** Byte order of the UTF-8 names, so the order does not depend on the JVM's locale or collation. */
    static final Comparator<String> UTF8_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The workspace is a git checkout (see SourceRepository.checkout): its repository is never packed. */
    static final String GIT_DIR = ".git";

    private final Path workspace;
    private final Path realWorkspace;
    private final Path checkoutRepository;
    private final TreeMap<String, Entry> byArchiveName = new TreeMap<>(UTF8_ORDER);
    /** An image's root file system: its links resolve inside the container, so any target is fine. */
    private final boolean linksAnywhere;

    private ArtifactEntries(Path workspace) throws IOException {
        this(workspace, false);
    }

    private ArtifactEntries(Path workspace, boolean linksAnywhere) throws IOException {
        this.linksAnywhere = linksAnywhere;
        this.workspace = workspace;
        this.realWorkspace = workspace.toRealPath();
        this.checkoutRepository = workspace.resolve(GIT_DIR);
    }

    static List<Entry> collect(Path workspace, List<String> paths) throws IOException, ArtifactException {
        if (!Files.isDirectory(workspace)) {
            throw new ArtifactException("workspace " + workspace + " does not exist or is not a directory");
        }
        if (paths.isEmpty()) {
            throw new ArtifactException("no artifact paths given: name at least one file or directory of the workspace, e.g. 'dist/'");
        }
        ArtifactEntries entries = new ArtifactEntries(workspace.toAbsolutePath());
        for (String given : paths) {
            entries.add(given);
        }
        entries.refuseLinksUsedAsDirectories();
        return new ArrayList<>(entries.byArchiveName.values());
    }

    /**
     * The entries of an image layer: each workspace path {@code from} placed at {@code to} in the image (a directory's
     * contents under it; a file at it, or under it when it ends with '/'), with the directories leading there. Links
     * may point anywhere (they resolve in the container); a path given twice keeps its first placement.
     */
    static List<Entry> collectLayer(Path workspace, List<LayerPath> placements) throws IOException, ArtifactException {
        if (!Files.isDirectory(workspace)) {
            throw new ArtifactException("workspace " + workspace + " does not exist or is not a directory");
        }
        TreeMap<String, Entry> layer = new TreeMap<>(UTF8_ORDER);
        for (LayerPath placement : placements) {
            List<String> segments = RelativePaths.segments(placement.from()).orElseThrow(() -> new ArtifactException(
                    "image file '" + placement.from() + "' leaves the workspace: use a path relative to the workspace root, without '..'"));
            List<String> sources = ArtifactGlob.isGlob(placement.from())
                    ? ArtifactGlob.expand(workspace.toAbsolutePath(), segments) : List.of(String.join("/", segments));
            if (sources.isEmpty()) {
                throw new ArtifactException("image file '" + placement.from() + "' matches nothing in the workspace: check "
                        + "that the job's steps produce it");
            }
            for (String source : sources) {
                if (!Files.exists(workspace.resolve(source), LinkOption.NOFOLLOW_LINKS)) {
                    throw new ArtifactException("image file '" + placement.from() + "' does not exist in the workspace: "
                            + "check that the job's steps produce it");
                }
                String target = ArtifactGlob.isGlob(placement.from()) || placement.to().endsWith("/")
                        ? join(placement.to(), lastSegment(source)) : placement.to();
                if (!source.isEmpty() && Files.isDirectory(workspace.resolve(source), LinkOption.NOFOLLOW_LINKS)
                        && placement.from().endsWith("/") && !ArtifactGlob.isGlob(placement.from())) {
                    target = placement.to(); // "rootfs/" → "/": the directory's contents, not the directory
                }
                String inImage = target.replaceFirst("^/+", "");
                List<String> to = inImage.isEmpty() ? List.of() : RelativePaths.segments(inImage).orElseThrow(() ->
                        new ArtifactException("image path '" + placement.to() + "' leaves the image's root: use an "
                                + "absolute path without '..', e.g. /app/"));
                place(workspace, source, to, layer, placement);
            }
        }
        return new ArrayList<>(layer.values());
    }

    private static void place(Path workspace, String source, List<String> target, TreeMap<String, Entry> layer,
                              LayerPath placement) throws IOException, ArtifactException {
        ArtifactEntries entries = new ArtifactEntries(workspace.toAbsolutePath(), true);
        entries.add(source.isEmpty() ? "." : source);
        String prefix = source.isEmpty() ? "" : source;
        String to = String.join("/", target);
        for (int i = 1; i <= target.size() - (Files.isDirectory(workspace.resolve(source), LinkOption.NOFOLLOW_LINKS) ? 0 : 1); i++) {
            String ancestor = String.join("/", target.subList(0, i));
            layer.putIfAbsent(ancestor + "/", new Entry(ancestor, Kind.DIRECTORY, workspace, 0, true, null));
        }
        for (Entry entry : entries.byArchiveName.values()) {
            String rest;
            if (entry.name().equals(prefix)) {
                rest = "";
            } else if (prefix.isEmpty() || entry.name().startsWith(prefix + "/")) {
                rest = prefix.isEmpty() ? entry.name() : entry.name().substring(prefix.length() + 1);
            } else {
                continue; // a directory leading to the source in the workspace, not part of what is placed
            }
            String name = rest.isEmpty() ? to : to.isEmpty() ? rest : to + "/" + rest;
            if (name.isEmpty()) {
                continue; // the root directory itself
            }
            Entry placed = new Entry(name, entry.kind(), entry.source(), entry.size(), entry.executable(), entry.linkTarget());
            layer.putIfAbsent(placed.archiveName(), placed);
        }
    }

    private static String join(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    private static String lastSegment(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** "dist" as a symlink and "dist/" as a directory could not both be unpacked. */
    private void refuseLinksUsedAsDirectories() throws ArtifactException {
        for (Entry entry : byArchiveName.values()) {
            if (entry.kind() == Kind.SYMLINK && byArchiveName.containsKey(entry.name() + "/")) {
                throw new ArtifactException("'" + entry.name() + "' is a symlink, but other artifact paths go through it: name either the link or the real directory it points to");
            }
        }
    }

    private void add(String given) throws IOException, ArtifactException {
        List<String> segments = RelativePaths.segments(given).orElseThrow(() -> new ArtifactException(
                "artifact path '" + given + "' leaves the workspace: use a path relative to the workspace root, without '..'"));
        if (ArtifactGlob.isGlob(given)) {
            addMatches(given, segments);
            return;
        }
        if (!segments.isEmpty() && segments.get(0).equals(GIT_DIR)) {
            throw new ArtifactException("artifact path '" + given + "' is inside .git, the checkout's git repository, which "
                    + "is not part of what a job builds: copy what you need (e.g. git describe's output) into a file");
        }
        Path start = workspace.resolve(String.join("/", segments));
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException("artifact path '" + given + "' does not exist in the workspace: check that the job's steps produce it");
        }
        if (!segments.isEmpty() && !start.getParent().toRealPath().startsWith(realWorkspace)) {
            throw new ArtifactException("artifact path '" + given + "' goes through a symlink that leads out of the workspace: name the real directory instead");
        }
        for (int i = 1; i < segments.size(); i++) {
            String ancestor = String.join("/", segments.subList(0, i));
            put(new Entry(ancestor, Kind.DIRECTORY, workspace.resolve(ancestor), 0, true, null));
        }
        walk(start, given);
    }

    private void addMatches(String glob, List<String> segments) throws IOException, ArtifactException {
        List<String> matches = ArtifactGlob.expand(workspace, segments);
        if (matches.isEmpty()) {
            throw new ArtifactException("artifact path '" + glob + "' matches nothing in the workspace: check that the "
                    + "job's steps produce it (* and ? match within one name, ** across directories)");
        }
        for (String match : matches) {
            add(match);
        }
    }

    private void walk(Path start, String given) throws IOException, ArtifactException {
        // The visitor cannot throw checked ArtifactExceptions, so it tunnels them out.
        final class Tunnel extends RuntimeException {
            Tunnel(ArtifactException cause) { super(cause); }
        }
        try {
            Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (dir.equals(checkoutRepository)) {
                        return FileVisitResult.SKIP_SUBTREE; // the checkout's own git data: never a build's output
                    }
                    if (!dir.equals(workspace)) {
                        put(new Entry(nameOf(dir), Kind.DIRECTORY, dir, 0, true, null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    try {
                        put(entryFor(file, attributes, given));
                    } catch (ArtifactException e) {
                        throw new Tunnel(e);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                    throw failure;
                }
            });
        } catch (Tunnel tunnel) {
            throw (ArtifactException) tunnel.getCause();
        }
    }

    private Entry entryFor(Path file, BasicFileAttributes attributes, String given) throws IOException, ArtifactException {
        String name = nameOf(file);
        if (attributes.isSymbolicLink()) {
            return new Entry(name, Kind.SYMLINK, file, 0, false, checkedLinkTarget(file, name, given));
        }
        if (attributes.isRegularFile()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            boolean executable = permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                    || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                    || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
            return new Entry(name, Kind.FILE, file, attributes.size(), executable, null);
        }
        throw new ArtifactException("'" + name + "' (under artifact path '" + given
                + "') is a special file (device, socket or pipe): artifacts hold only files, directories and symlinks");
    }

    private String checkedLinkTarget(Path link, String name, String given) throws IOException, ArtifactException {
        String target = Files.readSymbolicLink(link).toString();
        if (linksAnywhere) {
            return target;
        }
        boolean inside = RelativePaths.linkStaysInside(name, target)
                // A link whose target exists must also really resolve inside: an intermediate symlink could lead out.
                && (!Files.exists(link) || link.toRealPath().startsWith(realWorkspace));
        if (!inside) {
            throw new ArtifactException("symlink '" + name + "' (under artifact path '" + given + "') points to '" + target
                    + "', outside the workspace: an artifact must be self-contained, so use a relative link to a file inside it");
        }
        return target;
    }

    private String nameOf(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path part : workspace.relativize(path)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    private void put(Entry entry) {
        byArchiveName.putIfAbsent(entry.archiveName(), entry);
    }
}

package dev.slipway.artifact;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An artifact path with wildcards ({@code target/*.jar}, {@code build/**}{@code /*.so}): {@code *} and {@code ?} stay
 * within one name, {@code **} crosses directories, {@code [abc]} and {@code {a,b}} as in a shell. It names what it
 * matches by its path in the workspace, so the deployment has the same relative paths ({@code target/app.jar}).
 */
final class ArtifactGlob {
    private ArtifactGlob() {}

    static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * What the glob (its segments, without "." or empty ones) matches in the workspace, as '/'-separated relative names
     * in walk order; a matched directory stands for all it holds. The checkout's {@code .git} is never matched.
     */
    static List<String> expand(Path workspace, List<String> segments) throws IOException {
        int fixed = 0;
        while (fixed < segments.size() && !isGlob(segments.get(fixed))) {
            fixed++;
        }
        Path base = workspace.resolve(String.join("/", segments.subList(0, fixed)));
        List<String> matches = new ArrayList<>();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return matches;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + String.join("/", segments));
        Path git = workspace.resolve(ArtifactEntries.GIT_DIR);
        Files.walkFileTree(base, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(git)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(base) && matcher.matches(workspace.relativize(dir))) {
                    matches.add(workspace.relativize(dir).toString());
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (matcher.matches(workspace.relativize(file))) {
                    matches.add(workspace.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return matches;
    }
}

package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files a job hands to the later stages of its run ({@code pass: [ target/ ]}), apart from the artifact. When the job
 * succeeds its paths move beside its workspace, into {@code <job>.passed.<stage>}; a job of a later stage gets a copy of
 * every earlier stage's over its checkout (never a parallel job's: same-stage jobs do not see each other). They live
 * as long as the run: {@link Workspaces#sweep} keeps them until it ends.
 */
final class PassedFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.passed\\.(\\d+)");

    private PassedFiles() {}

    /** Whether a name beside the workspaces holds passed files (kept while the run goes on). */
    static boolean isPassed(Path entry) {
        return NAME.matcher(entry.getFileName().toString()).matches();
    }

    /**
     * Moves the job's {@code paths} out of its workspace for later stages. Returns the problem when one is missing,
     * in which case nothing is passed.
     */
    static Optional<String> keep(Path workspace, int stage, List<String> paths) throws IOException {
        Path real = workspace.toRealPath();
        for (String path : paths) {
            Path source = workspace.resolve(path).normalize();
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("pass path '" + path + "' does not exist in the workspace: check that the job's steps "
                        + "produce it");
            }
            // the server moves it: through a link the job planted it would move what lies outside the workspace
            if (!source.getParent().toRealPath().startsWith(real)) {
                return Optional.of("pass path '" + path + "' goes through a symlink that leads out of the workspace: "
                        + "name the real directory instead");
            }
        }
        Path passed = workspace.resolveSibling(workspace.getFileName() + ".passed." + stage);
        JobAttempts.deleteQuietly(passed);
        for (String path : paths) {
            if (!Files.exists(workspace.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                continue; // inside a path passed just before ("target" and "target/classes")
            }
            Path target = passed.resolve(path).normalize();
            Files.createDirectories(target.getParent());
            Files.move(workspace.resolve(path), target);
        }
        return Optional.empty();
    }

    /** Copies what jobs of stages before {@code stage} passed over the checkout; returns the stages' job names. */
    static List<String> bringIn(Path workspace, int stage) throws IOException {
        List<Path> earlier = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(workspace.getParent())) {
            for (Path sibling : siblings) {
                Matcher name = NAME.matcher(sibling.getFileName().toString());
                if (name.matches() && Integer.parseInt(name.group(1)) < stage) {
                    earlier.add(sibling);
                }
            }
        }
        earlier.sort(Comparator.comparing((Path p) -> stageOf(p)).thenComparing(Path::toString));
        List<String> jobs = new ArrayList<>();
        for (Path passed : earlier) {
            TreeCopies.copy(passed, workspace);
            String name = passed.getFileName().toString();
            jobs.add(name.substring(0, name.indexOf('.')));
        }
        return jobs;
    }

    private static int stageOf(Path passed) {
        Matcher name = NAME.matcher(passed.getFileName().toString());
        return name.matches() ? Integer.parseInt(name.group(1)) : -1;
    }
}

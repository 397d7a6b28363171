package dev.slipway.forge;

import dev.slipway.Problem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Optional;
import java.util.function.Predicate;

/** {@code --branch-filter}: a glob of the branch names a followed app takes ('main', 'release/*'); all without one. */
public final class BranchFilter {
    private BranchFilter() {}

    /** The branches the glob takes; a glob that does not compile is refused, saying what a good one looks like. */
    public static Predicate<String> of(Optional<String> glob) {
        if (glob.isEmpty()) {
            return branch -> true;
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.get());
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("--branch-filter '" + glob.get() + "' is not a glob: " + e.getMessage()
                    + " (e.g. 'main' or 'release/*')");
        }
        return branch -> matcher.matches(Path.of(branch));
    }
}

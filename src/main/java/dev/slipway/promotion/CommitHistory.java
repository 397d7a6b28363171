package dev.slipway.promotion;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The port to an app's git history (implemented over JGit in {@code git/}): which branches contain a commit. */
public interface CommitHistory {
    /**
     * The app's branches (short names) that {@code branch} accepts and whose head is {@code commit} or has it as an
     * ancestor; empty when none does, or the commit is unknown to the app's repository.
     */
    List<String> branchesContaining(String app, String commit, Predicate<String> branch);

    /** The id of the commit's root tree; empty when the commit is unknown to the app's repository. */
    Optional<String> treeOf(String app, String commit);
}

package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.promotion.CommitHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** {@link CommitHistory} over the apps' repositories on this server (a followed app's mirror included). */
public final class GitCommitHistory implements CommitHistory {
    private final GitStore store;

    public GitCommitHistory(GitStore store) {
        this.store = store;
    }

    @Override
    public List<String> branchesContaining(String app, String commit, Predicate<String> branch) {
        Repository repository = store.repository(app);
        List<String> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId id;
            try {
                id = ObjectId.fromString(commit);
            } catch (IllegalArgumentException notFull) {
                return List.of();
            }
            if (!repository.getObjectDatabase().has(id)) {
                return List.of();
            }
            RevCommit target = walk.parseCommit(id);
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                String name = ref.getName().substring(Constants.R_HEADS.length());
                if (ref.getObjectId() == null || !branch.test(name)) {
                    continue;
                }
                walk.reset();
                RevCommit head = walk.parseCommit(ref.getObjectId());
                if (walk.isMergedInto(target, head)) {
                    found.add(name);
                }
            }
            return found;
        } catch (IOException e) {
            throw Problem.unavailable("cannot read the history of " + app + "'s repository: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> treeOf(String app, String commit) {
        Repository repository = store.repository(app);
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId id = ObjectId.fromString(commit);
            if (!repository.getObjectDatabase().has(id)) {
                return Optional.empty();
            }
            return Optional.of(walk.parseCommit(id).getTree().name());
        } catch (IllegalArgumentException notFull) {
            return Optional.empty();
        } catch (IOException e) {
            throw Problem.unavailable("cannot read the history of " + app + "'s repository: " + e.getMessage());
        }
    }
}

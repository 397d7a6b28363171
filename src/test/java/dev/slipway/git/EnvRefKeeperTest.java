package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.promotion.EnvRefs;
import dev.slipway.store.Database;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlPromotionRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up repair of what a crash (or an older Slipway) left in the env/ refs, on a real repository. */
class EnvRefKeeperTest {
    @TempDir
    Path dir;
    Database db;
    GitStore git;
    EnvRefKeeper keeper;

    @BeforeEach
    void setUp() {
        db = Database.open(Database.sqliteUrl(dir));
        git = new GitStore(dir.resolve("repos"));
        git.create("shop");
        keeper = new EnvRefKeeper(git, new EnvRefs(new SqlEnvironmentRepository(db), new SqlDeploymentRepository(db),
                new SqlPromotionRepository(db)), Executors.newSingleThreadExecutor());
    }

    @AfterEach
    void tearDown() {
        keeper.close();
        git.close();
        db.close();
    }

    @Test
    void aRefNamingWhatNeverRanAndALockFileACrashLeftAreRemoved() throws Exception {
        Repository repo = git.repository("shop");
        ObjectId commit = commit(repo);
        RefUpdate update = repo.updateRef("refs/heads/env/production");
        update.setNewObjectId(commit);
        assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
        Path lock = repo.getDirectory().toPath().resolve("refs/heads/env/staging.lock");
        Files.writeString(lock, commit.name() + "\n");

        keeper.repair(List.of("shop"));

        assertThat(repo.exactRef("refs/heads/env/production")).as("nothing runs in production, nothing is on its way")
                .isNull();
        assertThat(lock).doesNotExist();
    }

    private static ObjectId commit(Repository repo) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId tree = inserter.insert(new TreeFormatter());
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(tree);
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage("empty");
            ObjectId id = inserter.insert(Constants.OBJ_COMMIT, c.build());
            inserter.flush();
            return id;
        }
    }
}

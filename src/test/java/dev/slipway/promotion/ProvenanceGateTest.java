package dev.slipway.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.BuildFacts;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.Provenances;
import dev.slipway.git.GitCommitHistory;
import dev.slipway.git.GitStore;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.signing.SigningKeys;
import dev.slipway.store.Database;
import dev.slipway.store.SqlProvenanceRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provenance gate over a real git repository (JGit) and a real SQLite database: which branches feed an
 * environment (its own, or up its from: chain), and a commit on them or not.
 */
class ProvenanceGateTest {
    private static final String URL = "http://slipway.test:8080";
    private static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  compile: { steps: [ "true" ], artifact: [ "out/" ] }
            service: { command: "true" }
            environments:
              - name: staging
                branches: [ main ]
              - name: preprod
                from: staging
              - name: production
                from: preprod
                require: [ provenance ]
              - name: uat
                branches: [ "release/*" ]
                require: [ provenance ]
              - name: hotfix
                tags: [ "v*" ]
                require: [ provenance ]
            """;

    @TempDir
    Path dir;
    private Database db;
    private GitStore git;
    private ProvenanceGate gate;
    private Provenances provenances;
    private PipelineSpec spec;
    private String onMain;
    private String onFeature;
    private String sameTreeAsMain;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(Database.sqliteUrl(dir));
        git = new GitStore(dir.resolve("git"));
        git.create("shop");
        provenances = new Provenances(new SqlProvenanceRepository(db), SigningKeys.loadOrCreate(dir.resolve("keys")),
                app -> URL + "/git/" + app + ".git", URL, java.util.List.of());
        gate = new ProvenanceGate(provenances, new GitCommitHistory(git));
        spec = new PipelineParser().parse(PIPELINE);
        try (Git work = Git.init().setDirectory(dir.resolve("work").toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("work/a.txt"), "a");
            work.add().addFilepattern(".").call();
            onMain = work.commit().setMessage("main").setSign(false).call().getName();
            sameTreeAsMain = work.commit().setMessage("nothing changed").setAllowEmpty(true).setSign(false).call()
                    .getName();
            work.checkout().setCreateBranch(true).setName("feature").call();
            Files.writeString(dir.resolve("work/b.txt"), "b");
            work.add().addFilepattern(".").call();
            onFeature = work.commit().setMessage("feature").setSign(false).call().getName();
            work.push().setRemote(git.repository("shop").getDirectory().toURI().toString())
                    .setRefSpecs(new RefSpec("refs/heads/*:refs/heads/*")).call();
        }
    }

    @AfterEach
    void tearDown() {
        git.close();
        db.close();
    }

    private Digest built(String name, String commit) {
        Digest digest = Digest.ofBytes(name.getBytes());
        provenances.record(new BuildFacts("shop", digest, URL + "/git/shop.git", "refs/heads/x", commit, null,
                List.of("compile"), 1, Instant.EPOCH, Instant.EPOCH, List.of()), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        return digest;
    }

    private GateStatus evaluate(Digest digest, String env) {
        return gate.evaluate("shop", digest, null, spec.environment(env).orElseThrow(), Optional.of(spec));
    }

    @Test
    void anEnvironmentFedByFromTakesTheBranchesOfTheFirstOneUpTheChainThatHasSome() {
        GateStatus main = evaluate(built("main", onMain), "production");
        assertThat(main.passed()).as(main.detail()).isTrue();
        assertThat(main.detail()).contains("on staging's branch main");

        GateStatus feature = evaluate(built("feature", onFeature), "production");
        assertThat(feature.passed()).isFalse();
        assertThat(feature.detail()).isEqualTo("built from commit " + onFeature.substring(0, 7)
                + ", which is not on staging's branches main (which feed production)");
    }

    @Test
    void anEnvironmentWithBranchesTakesItsOwn() {
        GateStatus refused = evaluate(built("main", onMain), "uat");
        assertThat(refused.passed()).isFalse();
        assertThat(refused.detail()).isEqualTo("built from commit " + onMain.substring(0, 7)
                + ", which is not on uat's branches release/*");
    }

    @Test
    void aTagFedEnvironmentWithNoBranchesUpItsChainTakesAnyBranchButNotAnUnknownCommit() {
        assertThat(evaluate(built("feature", onFeature), "hotfix").passed()).isTrue();
        GateStatus unknown = evaluate(built("lost", "f".repeat(40)), "hotfix");
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.detail()).contains("which is on no branch of shop");
    }

    @Test
    void aPromotedCommitOtherThanTheBuiltOneMustHaveItsTree() {
        Digest digest = built("main", onMain);
        EnvironmentSpec production = spec.environment("production").orElseThrow();
        GateStatus sameTree = gate.evaluate("shop", digest, sameTreeAsMain, production, Optional.of(spec));
        assertThat(sameTree.passed()).as(sameTree.detail()).isTrue();

        GateStatus otherTree = gate.evaluate("shop", digest, onFeature, production, Optional.of(spec));
        assertThat(otherTree.passed()).isFalse();
        assertThat(otherTree.detail()).isEqualTo("the provenance of sha256:" + digest.shortForm()
                + " is about commit " + onMain.substring(0, 7) + ", whose tree is not that of the promoted commit "
                + onFeature.substring(0, 7) + ": the artifact was not built from what is promoted");

        GateStatus unknown = gate.evaluate("shop", digest, "e".repeat(40), production, Optional.of(spec));
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.detail()).contains("(unknown to shop's repository)");
    }

    @Test
    void noProvenanceIsRefusedFirst() {
        Digest pushed = Digest.ofBytes("pushed".getBytes());
        GateStatus status = evaluate(pushed, "production");
        assertThat(status.passed()).isFalse();
        assertThat(status.name()).isEqualTo("provenance");
        assertThat(status.detail()).startsWith(pushed + " has no provenance: it was not built by Slipway");
    }
}

package dev.slipway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Decision;
import dev.slipway.auth.Place;
import dev.slipway.auth.Role;
import dev.slipway.promotion.Approval;
import dev.slipway.promotion.GateStatus;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.PromotionOrigin;
import dev.slipway.promotion.PromotionRequest;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.PromotionState;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.Restarts;
import dev.slipway.promotion.Rollbacks;
import dev.slipway.promotion.Swaps;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's direction: concepts at the centre, edges around them. Concepts never reach for an edge; lower
 * concepts never reach for higher ones; the CLI speaks HTTP only.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slipway");

    @Test
    void layersPointInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("boot").definedBy("dev.slipway.boot..")
                .layer("cli").definedBy("dev.slipway.cli..")
                .layer("web").definedBy("dev.slipway.web..")
                .layer("git").definedBy("dev.slipway.git..")
                .layer("store").definedBy("dev.slipway.store..")
                .layer("runner").definedBy("dev.slipway.runner..")
                .layer("retention").definedBy("dev.slipway.retention..")
                .layer("dora").definedBy("dev.slipway.dora..")
                .layer("forge").definedBy("dev.slipway.forge..")
                .layer("promotion").definedBy("dev.slipway.promotion..")
                .layer("environment").definedBy("dev.slipway.environment..")
                .layer("secret").definedBy("dev.slipway.secret..")
                .layer("target").definedBy("dev.slipway.target..")
                .layer("pipeline").definedBy("dev.slipway.pipeline..")
                .layer("auth").definedBy("dev.slipway.auth..")
                .layer("app").definedBy("dev.slipway.app..")
                .layer("audit").definedBy("dev.slipway.audit..")
                .layer("image").definedBy("dev.slipway.image..")
                .layer("artifact").definedBy("dev.slipway.artifact..")
                .layer("signing").definedBy("dev.slipway.signing..")
                .layer("process").definedBy("dev.slipway.process..")
                .whereLayer("boot").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("boot")
                .whereLayer("web").mayOnlyBeAccessedByLayers("boot")
                .whereLayer("git").mayOnlyBeAccessedByLayers("boot")
                .whereLayer("store").mayOnlyBeAccessedByLayers("boot")
                .whereLayer("runner").mayOnlyBeAccessedByLayers("boot")
                // what the content store keeps reads every concept's records through its own port (store implements it)
                .whereLayer("retention").mayOnlyBeAccessedByLayers("boot", "web", "store")
                // the DORA figures read deployments and runs through their own port too (store implements it)
                .whereLayer("dora").mayOnlyBeAccessedByLayers("boot", "web", "store")
                // followed repositories: git mirrors them, web takes their webhooks, secret keeps their credentials
                .whereLayer("forge").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "secret")
                .whereLayer("promotion").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "forge")
                // secret implements environment.SecretSource, the port through which services get their values
                .whereLayer("environment").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "promotion", "secret", "forge")
                .whereLayer("secret").mayOnlyBeAccessedByLayers("boot", "web", "store")
                // the machines environments run on, as admins registered and bound them: environment reads which targets
                // an environment has; secret seals their client keys (target.TargetKeySeal), as for SecretSource
                // runner: container jobs reach their executors' engines as environments reach targets' (target.docker)
                .whereLayer("target").mayOnlyBeAccessedByLayers("boot", "web", "store", "environment", "secret", "runner")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "runner", "environment",
                        "secret", "promotion", "retention", "forge")
                .whereLayer("auth").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "environment", "secret", "promotion",
                        "target", "forge")
                .whereLayer("app").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "auth", "secret", "promotion",
                        "target", "forge")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("boot", "web", "store", "auth", "app", "pipeline", "environment",
                        "secret", "promotion", "image", "retention", "target", "forge")
                // images are artifacts in OCI form: built by jobs, served by the registry, copied by deployments
                .whereLayer("image").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "runner", "environment", "pipeline",
                        "promotion", "secret", "retention")
                .whereLayer("artifact").mayOnlyBeAccessedByLayers("boot", "web", "git", "store", "runner", "environment", "pipeline",
                        "promotion", "image", "retention")
                .whereLayer("process").mayOnlyBeAccessedByLayers("boot", "runner", "environment")
                // the server's key signs what others should trust: audit checkpoints now, build provenance next
                .whereLayer("signing").mayOnlyBeAccessedByLayers("boot", "web", "audit", "artifact")
                .check(CLASSES);
    }

    @Test
    void conceptsDoNotKnowTheWebOrTheDatabase() {
        noClasses().that().resideInAnyPackage("dev.slipway.app..", "dev.slipway.artifact..", "dev.slipway.pipeline..",
                        "dev.slipway.environment..", "dev.slipway.process..", "dev.slipway.auth..", "dev.slipway.audit..",
                        "dev.slipway.secret..", "dev.slipway.promotion..", "dev.slipway.signing..", "dev.slipway.image..",
                        "dev.slipway.retention..", "dev.slipway.target..", "dev.slipway.forge..", "dev.slipway.dora..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.jdbi..", "java.sql..",
                        "org.flywaydb..", "com.zaxxer..", "org.eclipse.jgit..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void theCliSpeaksHttpOnly() {
        noClasses().that().resideInAPackage("dev.slipway.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.app..", "dev.slipway.artifact..",
                        "dev.slipway.pipeline..", "dev.slipway.environment..", "dev.slipway.store..",
                        "dev.slipway.web..", "dev.slipway.git..", "dev.slipway.runner..", "dev.slipway.boot..",
                        "dev.slipway.process..", "dev.slipway.auth..", "dev.slipway.audit..", "dev.slipway.secret..", "dev.slipway.promotion..",
                        "dev.slipway.signing..", "dev.slipway.image..", "dev.slipway.retention..", "dev.slipway.target..",
                        "dev.slipway.forge..", "dev.slipway.dora..")
                .check(CLASSES);
    }

    /**
     * Who may do what is decided in one place ({@code Access.decide}): no class outside auth looks up a user's role
     * or compares two roles, so "a protected environment needs a releaser" cannot be written a second time; and only
     * that decision answers allowed or refused.
     */
    @Test
    void nothingOutsideAuthDecidesARole() {
        noClasses().that().resideOutsideOfPackage("dev.slipway.auth..")
                .should().callMethod(Access.class, "roleOf", String.class, String.class)
                .orShould().callMethod(Role.class, "includes", Role.class)
                .orShould().callMethod(Role.class, "compareTo", Enum.class)
                .orShould().callMethod(Role.class, "ordinal")
                .orShould().callConstructor(Decision.Refused.class, String.class, Action.class, Place.class, Role.class,
                        Role.class, boolean.class)
                .orShould().callConstructor(Decision.Allowed.class)
                .because("Access.decide is the one authorization decision (issue #12)")
                .check(CLASSES);
    }

    /**
     * The web edge asks promotion's use cases ({@code Promotions}, {@code Rollbacks}, {@code Swaps}) with their
     * commands and reads what they answer; the engine, the ledger, the gates and the repository behind them are
     * promotion's own.
     */
    @Test
    void theWebUsesOnlyPromotionsUseCases() {
        noClasses().that().resideInAPackage("dev.slipway.web..")
                .should().dependOnClassesThat(resideInAPackage("dev.slipway.promotion..").and(not(belongToAnyOf(
                        Promotions.class, Rollbacks.class, Swaps.class, Restarts.class, // the use cases
                        PromotionRequest.class, PromotionSource.class, // what they are asked
                        PromotionDetail.class, Promotion.class, PromotionState.class, GateStatus.class,
                        Approval.class, PromotionOrigin.class)))) // what they answer
                .because("web calls promotion's use cases only (issue #12)")
                .check(CLASSES);
    }

    /**
     * {@code boot} is the one wiring site: no other package builds another package's services (its non-record
     * classes). Records (our value types), enums and exceptions may be built anywhere, and a package builds its own
     * classes (a sub-package counts as its package: environment.local is environment's).
     */
    @Test
    void onlyBootConstructsAnotherPackagesServices() {
        classes().that().resideOutsideOfPackage("dev.slipway.boot..")
                .should(notConstructAnotherPackagesServices())
                .because("boot wires everything with constructors (STYLE.md rule 7, issue #12)")
                .check(CLASSES);
    }

    private static ArchCondition<JavaClass> notConstructAnotherPackagesServices() {
        return new ArchCondition<>("not construct another package's services") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (JavaConstructorCall call : origin.getConstructorCallsFromSelf()) {
                    JavaClass target = call.getTargetOwner();
                    if (isService(target) && !concept(target).equals(concept(origin))) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isService(JavaClass target) {
        return target.getPackageName().startsWith("dev.slipway.") && !target.isRecord() && !target.isEnum()
                && !target.isAssignableTo(Throwable.class);
    }

    /** The top-level package under dev.slipway ("environment" for environment.local.LocalTarget). */
    private static String concept(JavaClass c) {
        String name = c.getPackageName();
        String rest = name.length() > "dev.slipway".length() ? name.substring("dev.slipway.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}

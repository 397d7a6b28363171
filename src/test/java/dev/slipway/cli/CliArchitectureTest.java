package dev.slipway.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is a client of the API like any other, so it keeps working against a server of another version. */
class CliArchitectureTest {
    private static final DescribedPredicate<JavaClass> SERVER_CLASSES = DescribedPredicate.describe(
            "Slipway classes outside dev.slipway.cli",
            type -> type.getPackageName().startsWith("dev.slipway")
                    && !type.getPackageName().startsWith("dev.slipway.cli"));

    @Test
    void cliTalksHttpOnlyAndNeverUsesTheServersClasses() {
        noClasses().that().resideInAPackage("dev.slipway.cli..")
                .should().dependOnClassesThat(SERVER_CLASSES)
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.slipway.cli"));
    }
}

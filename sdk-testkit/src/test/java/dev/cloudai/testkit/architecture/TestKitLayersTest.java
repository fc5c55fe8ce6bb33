package dev.cloudai.testkit.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The test kit's layers: the contract bases build on the emulators and the shared helpers (canned data, the standby
 * cloud, the recording listener), never the other way round, so that the emulators run outside JUnit (the CLI, the
 * examples) without the abstract tests. Production classes only: the kit's own tests extend the contracts.
 */
class TestKitLayersTest {
    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cloudai.testkit");

    @Test
    void nothingOutsideTheContractPackageDependsOnIt() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("..testkit.contract..")
                .should().dependOnClassesThat().resideInAPackage("..testkit.contract..")
                .because("the emulators and shared helpers must not need the abstract contract tests");
        rule.check(KIT);
    }

    @Test
    void theRuleSeesTheKitsClasses() {
        // a rule over an empty import would pass whatever the code does
        ArchRule rule = noClasses().should().haveFullyQualifiedName("dev.cloudai.testkit.Canned");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> rule.check(KIT));
    }
}

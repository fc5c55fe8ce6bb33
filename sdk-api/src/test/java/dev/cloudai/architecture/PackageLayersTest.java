package dev.cloudai.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.cloudai.CloudAi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package graph of {@code sdk-api} has no cycle, the API packages never reach into {@code internal}, and the
 * module descriptor exports exactly the API and SPI packages. A newcomer can then read the packages bottom-up:
 * {@code internal.util} and {@code spi.json} (JDK only), the API packages, the SPI, the internals that implement the
 * API, and {@code dev.cloudai} on top.
 */
class PackageLayersTest {
    private static JavaClasses sdkApi;

    @BeforeAll
    static void importSdkApi() {
        sdkApi = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cloudai");
    }

    /** Each package is its own slice, the root package {@code dev.cloudai} included. */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith("dev.cloudai") ? SliceIdentifier.of(c.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of sdk-api";
        }
    };

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles()
                .because("a cycle makes two packages one; the layers are util, API, SPI, internals, dev.cloudai")
                .check(sdkApi);
    }

    @Test
    void apiAndSpiPackagesUseNoInternalPackageButTheJdkOnlyHelpers() {
        noClasses().that().resideOutsideOfPackages("dev.cloudai", "dev.cloudai.internal..")
                .should().dependOnClassesThat(resideInAPackage("dev.cloudai.internal..")
                        .and(not(resideInAPackage("dev.cloudai.internal.util"))))
                .because("the API is implemented by the internals, not the other way round")
                .check(sdkApi);
    }

    @Test
    void noInternalPackageUsesTheRootPackage() {
        noClasses().that().resideInAPackage("dev.cloudai.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.cloudai")
                .because("CloudAi and CloudAiConfig sit on top and hand the internals plain values")
                .check(sdkApi);
    }

    @Test
    void theModuleExportsEveryPackageButTheInternalOnes() throws URISyntaxException {
        Path classes = Path.of(CloudAi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
        assertEquals("dev.cloudai", module.name());
        Set<String> exported = module.exports().stream()
                .peek(e -> assertEquals(Set.of(), e.targets(), () -> e.source() + " is exported to named modules only"))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = module.packages().stream().filter(p -> !p.startsWith("dev.cloudai.internal"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, exported, "exported packages");
        assertEquals(Set.of("dev.cloudai.spi.ProviderFactory"), module.uses(), "services the module loads");
    }
}

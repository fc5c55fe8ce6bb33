package dev.cloudai.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The neutral API stays neutral: no cloud SDK, gRPC, Reactor or Resilience4j type may appear in a public
 * {@code sdk-api} type outside {@code dev.cloudai.internal}, in its signatures or its code.
 */
class NeutralApiTest {
    static final String[] FORBIDDEN = {
            "software.amazon..", "com.amazonaws..", "com.google..", "io.grpc..", "com.azure..", "com.microsoft..",
            "reactor..", "org.reactivestreams..", "io.github.resilience4j..", "io.netty..", "com.openai.."};

    private static JavaClasses api;

    @BeforeAll
    static void importApi() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cloudai");
    }

    @Test
    void publicApiTypesReferToNoCloudGrpcReactorOrResilience4jType() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.cloudai.internal..")
                .should().dependOnClassesThat().resideInAnyPackage(FORBIDDEN)
                .because("the neutral API must not leak a provider's or a library's types");
        rule.check(api);
    }

    @Test
    void publicClassesOutsideInternalAreFinalInterfacesRecordsEnumsOrTheSealedErrors() {
        classes().that().resideOutsideOfPackage("dev.cloudai.internal..").and().arePublic()
                .and().areNotInterfaces().and().areNotEnums().and().areNotRecords()
                .and().doNotHaveSimpleName("CloudAiException")
                .should().haveModifier(JavaModifier.FINAL)
                .because("public value and client types are immutable final classes")
                .check(api);
    }
}

package dev.cloudai.benchmarks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No code outside {@code sdk-api}, main or test, uses or adds to {@code dev.cloudai.internal}: adapters, the test
 * kit, the CLI, the examples and the benchmarks see the same API and SPI an adapter written elsewhere sees. (On the
 * module path {@code sdk-api}'s module-info enforces this; on the class path, where most users run, this test does.)
 *
 * <p>It lives in the reactor's last module so that every other module's classes are compiled when it runs; a module
 * not built in this run (say {@code -pl sdk-benchmarks -am}) is reported as skipped, never silently passed.
 */
class InternalBoundaryTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @TestFactory
    Stream<DynamicTest> noModuleButSdkApiUsesAnInternalType() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String pom = Files.readString(root.resolve("pom.xml"));
        List<String> modules = new ArrayList<>();
        for (Matcher m = MODULE.matcher(pom); m.find(); ) {
            String module = m.group(1).strip();
            if (Files.isDirectory(root.resolve(module).resolve("src/main/java"))
                    || Files.isDirectory(root.resolve(module).resolve("src/test/java"))) {
                modules.add(module);
            }
        }
        assertTrue(modules.contains("sdk-api") && modules.contains("sdk-aws"), () -> "modules read from " + root + ": " + modules);
        modules.remove("sdk-api");
        return modules.stream().map(module -> DynamicTest.dynamicTest(module, () -> check(root.resolve(module))));
    }

    private static void check(Path module) {
        List<Path> dirs = Stream.of("target/classes", "target/test-classes").map(module::resolve)
                .filter(Files::isDirectory).toList();
        Assumptions.assumeFalse(dirs.isEmpty(), () -> module.getFileName() + " is not compiled in this build");
        JavaClasses classes = new ClassFileImporter().importPaths(dirs);
        assertFalse(classes.isEmpty(), () -> "no classes under " + dirs);
        noClasses().should().resideInAPackage("dev.cloudai.internal..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.cloudai.internal..")
                .because("internal types are sdk-api's own; use the API, the SPI (dev.cloudai.spi..) or the test kit")
                .check(classes);
    }
}

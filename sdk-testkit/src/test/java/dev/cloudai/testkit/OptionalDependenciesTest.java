package dev.cloudai.testkit;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sdk-testkit declares each cloud's wire libraries and JUnit optional. Each test loads the emulators in a class
 * loader over this test's classpath minus some jars, as a user's project without those dependencies would.
 */
class OptionalDependenciesTest {

    @Test
    void awsCloudWithoutEventstreamNamesTheArtifactToAdd() throws Exception {
        String message = startFailure("dev.cloudai.testkit.aws.AwsCloud", "eventstream-");
        assertTrue(message.startsWith("AwsCloud needs software.amazon.eventstream:eventstream"), message);
        assertTrue(message.contains("dev.cloudai:sdk-aws brings it"), message);
        assertTrue(message.contains("add it, version managed by dev.cloudai:sdk-bom"), message);
    }

    @Test
    void gcpCloudWithoutTheGrpcExtensionNamesTheArtifactToAdd() throws Exception {
        String message = startFailure("dev.cloudai.testkit.gcp.GcpCloud", "wiremock-grpc-extension-");
        assertTrue(message.startsWith("GcpCloud needs org.wiremock:wiremock-grpc-extension"), message);
        assertTrue(message.contains("add it, version managed by dev.cloudai:sdk-bom"), message);
        assertFalse(message.contains("google-cloud-aiplatform"), "only what is missing is named: " + message);
    }

    @Test
    void gcpCloudWithoutEitherLibraryNamesBoth() throws Exception {
        // google-cloud-aiplatform's messages live in the proto jar it brings
        String message = startFailure("dev.cloudai.testkit.gcp.GcpCloud", "wiremock-grpc-extension-",
                "google-cloud-aiplatform-", "proto-google-cloud-aiplatform-");
        assertTrue(message.startsWith("GcpCloud needs com.google.cloud:google-cloud-aiplatform"), message);
        assertTrue(message.contains("dev.cloudai:sdk-gcp brings it"), message);
        assertTrue(message.contains("org.wiremock:wiremock-grpc-extension"), message);
        assertTrue(message.contains("add them, versions managed by dev.cloudai:sdk-bom"), message);
    }

    @Test
    void gcpCloudWithoutTheBillingLibraryServesVertexAndItsBillingCatalogNamesTheArtifact() throws Exception {
        // google-cloud-billing's messages live in the proto jar it brings
        try (URLClassLoader loader = classpathWithout("google-cloud-billing-", "proto-google-cloud-billing-v1-")) {
            Object cloud = newInstance(loader, "dev.cloudai.testkit.gcp.GcpCloud");
            cloud.getClass().getMethod("start").invoke(cloud);
            try {
                InvocationTargetException e = assertThrows(InvocationTargetException.class,
                        () -> cloud.getClass().getMethod("billingCatalog").invoke(cloud));
                assertInstanceOf(IllegalStateException.class, e.getCause());
                String message = e.getCause().getMessage();
                assertTrue(message.startsWith("GcpCloud needs com.google.cloud:google-cloud-billing"), message);
                assertTrue(message.contains("dev.cloudai:sdk-gcp brings it"), message);
            } finally {
                ((AutoCloseable) cloud).close();
            }
        }
    }

    /** The command-line tool and the examples run the emulators outside tests, where JUnit is not on the classpath. */
    @Test
    void theEmulatorsStartWithoutJUnit() throws Exception {
        try (URLClassLoader loader = classpathWithout("junit-", "opentest4j-", "apiguardian-")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("org.junit.jupiter.api.Test", false, loader));
            Class<?> emulated = loader.loadClass(EmulatedCloud.class.getName());
            Object clouds = Array.newInstance(emulated, 3);
            Array.set(clouds, 0, newInstance(loader, "dev.cloudai.testkit.aws.AwsCloud"));
            Array.set(clouds, 1, newInstance(loader, "dev.cloudai.testkit.gcp.GcpCloud"));
            Array.set(clouds, 2, newInstance(loader, "dev.cloudai.testkit.azure.AzureCloud"));
            Class<?> emulatorType = loader.loadClass(CloudEmulator.class.getName());
            try (AutoCloseable emulator = (AutoCloseable) emulatorType.getMethod("start", clouds.getClass()).invoke(null, clouds)) {
                assertEquals(List.of("aws", "gcp", "azure"), emulatorType.getMethod("ids").invoke(emulator));
            }
        }
    }

    /** Starts {@code emulatorClass} without the jars named, and returns the message it failed with. */
    private static String startFailure(String emulatorClass, String... withoutJars) throws Exception {
        try (URLClassLoader loader = classpathWithout(withoutJars)) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> {
                Object cloud = newInstance(loader, emulatorClass);
                cloud.getClass().getMethod("start").invoke(cloud);
            });
            assertInstanceOf(IllegalStateException.class, e.getCause(), () -> "expected an IllegalStateException naming the artifact, got " + e.getCause());
            return e.getCause().getMessage();
        }
    }

    private static Object newInstance(ClassLoader loader, String className) throws ReflectiveOperationException {
        return loader.loadClass(className).getConstructor().newInstance();
    }

    /** This test's classpath (Surefire sets java.class.path to it) without the jars whose names start with a prefix. */
    private static URLClassLoader classpathWithout(String... jarPrefixes) {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator)));
        List<URL> kept = entries.stream()
                .filter(entry -> Arrays.stream(jarPrefixes).noneMatch(prefix -> new File(entry).getName().startsWith(prefix)))
                .map(OptionalDependenciesTest::url)
                .toList();
        for (String prefix : jarPrefixes) {
            assertTrue(entries.stream().anyMatch(e -> new File(e).getName().startsWith(prefix)),
                    "the test classpath has no jar named " + prefix + "*, so leaving it out proves nothing: " + entries);
        }
        // the platform loader as parent: nothing of the application class path leaks in
        return new URLClassLoader(kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static URL url(String entry) {
        try {
            return new File(entry).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("classpath entry " + entry, e);
        }
    }
}

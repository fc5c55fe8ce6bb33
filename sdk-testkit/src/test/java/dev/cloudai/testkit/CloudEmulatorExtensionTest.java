package dev.cloudai.testkit;

import dev.cloudai.CloudAi;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.testcloud.TestCloud;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's lifecycle, checked from outside: sample test classes run through the JUnit launcher, so the
 * state before the first test, between tests and after the last one can be asserted.
 */
class CloudEmulatorExtensionTest {

    static final TestCloud CLOUD = new TestCloud();

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static final class UsesTheExtension {
        @RegisterExtension
        static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(CLOUD);

        @Test
        @Order(1)
        void theCloudRunsBeforeTheFirstTest(CloudEmulator emulator) {
            assertSame(CLOUD, emulator.cloud("testcloud"));
            assertTrue(CLOUD.isRunning());
            CLOUD.inject(Fault.serverError(503), EmulatedCloud.ALWAYS);
            try (CloudAi ai = CloudAi.create(EMULATOR.config("testcloud").retry(Canned.FAST_RETRY).build())) {
                assertThrows(UnavailableException.class, () -> ai.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")));
            }
            assertEquals(3, CLOUD.requestCount());
        }

        @Test
        @Order(2)
        void theNextTestStartsFromAResetCloud() {
            assertEquals(0, CLOUD.requestCount(), "the journal was cleared");
            try (CloudAi ai = CloudAi.create(EMULATOR.config("testcloud").build())) {
                assertEquals(Canned.CHAT_TEXT, ai.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")).text(), "the fault was cleared");
            }
        }

        @Nested
        class AndItsNestedClasses {
            @Test
            void shareTheSameRunningEmulator(CloudEmulator emulator) {
                assertSame(CLOUD, emulator.cloud("testcloud"));
                assertEquals(0, CLOUD.requestCount());
            }
        }
    }

    static final class RegistersItInAnInstanceField {
        @RegisterExtension
        final CloudEmulatorExtension emulator = new CloudEmulatorExtension(new TestCloud("instancecloud"));

        @Test
        void cannotRun() {
            emulator.emulator();
        }
    }

    @Test
    void startsTheEmulatorBeforeAllResetsItBeforeEachAndClosesItAfterAll() {
        List<String> outcome = run(UsesTheExtension.class);
        assertEquals(List.of("theCloudRunsBeforeTheFirstTest(CloudEmulator): SUCCESSFUL",
                "theNextTestStartsFromAResetCloud(): SUCCESSFUL",
                "shareTheSameRunningEmulator(CloudEmulator): SUCCESSFUL"), outcome);
        assertFalse(CLOUD.isRunning(), "closed after all tests");
        assertThrows(IllegalStateException.class, () -> UsesTheExtension.EMULATOR.emulator());
    }

    @Test
    void anInstanceFieldRegistrationFailsSayingToUseAStaticField() {
        List<String> outcome = run(RegistersItInAnInstanceField.class);
        assertEquals(1, outcome.size(), outcome::toString);
        assertTrue(outcome.get(0).startsWith("cannotRun(): FAILED"), outcome::toString);
        assertTrue(outcome.get(0).contains("register it in a static field"), outcome::toString);
    }

    @Test
    void anExtensionWithoutCloudsIsRefused() {
        assertThrows(IllegalArgumentException.class, CloudEmulatorExtension::new);
    }

    private static List<String> run(Class<?> testClass) {
        List<String> outcome = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            outcome.add(id.getDisplayName() + ": " + result.getStatus()
                                    + result.getThrowable().map(t -> " " + t.getMessage()).orElse(""));
                        }
                    }
                });
        return outcome;
    }
}

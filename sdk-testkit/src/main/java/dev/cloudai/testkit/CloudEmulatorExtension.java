package dev.cloudai.testkit;

import dev.cloudai.CloudAiConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link CloudEmulator} for a JUnit 5 test class: starts it before all tests, resets it before each (so every
 * test starts with the default answers, an empty request journal and no faults) and closes it after all. Register it
 * in a {@code static} field; test methods may also take the {@link CloudEmulator} as a parameter.
 *
 * <pre>{@code
 * class MyServiceTest {
 *     @RegisterExtension
 *     static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());
 *
 *     @Test
 *     void answersFromTheModel() {
 *         try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
 *             assertEquals(Canned.CHAT_TEXT, new MyService(ai).answer("Hello"));
 *         }
 *     }
 * }
 * }</pre>
 */
public final class CloudEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private final List<EmulatedCloud> clouds;
    private volatile CloudEmulator emulator;
    private volatile String ownerId;   // the unique id of the class context that started the emulator

    /** An extension that will start these clouds. */
    public CloudEmulatorExtension(EmulatedCloud... clouds) {
        Objects.requireNonNull(clouds, "clouds");
        if (clouds.length == 0) throw new IllegalArgumentException("clouds: give at least one EmulatedCloud");
        this.clouds = List.of(clouds);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes inherit the extension: the outermost class starts it, the nested ones reuse it.
        if (emulator == null) {
            emulator = CloudEmulator.start(clouds);
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            throw new ExtensionConfigurationException("CloudEmulatorExtension was not started before all tests of "
                    + context.getRequiredTestClass().getName() + "; register it in a static field:"
                    + " @RegisterExtension static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(...)");
        }
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(ownerId)) {
            try {
                emulator.close();
            } finally {
                emulator = null;
                ownerId = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CloudEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public CloudEmulator emulator() {
        CloudEmulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("the CloudEmulator runs only while the test class runs;"
                    + " use it in @BeforeEach, @Test or @AfterEach methods");
        }
        return e;
    }

    /** {@link CloudEmulator#cloud(String)} of the running emulator. */
    public EmulatedCloud cloud(String id) {
        return emulator().cloud(id);
    }

    /** {@link CloudEmulator#properties(String)} of the running emulator. */
    public Map<String, String> properties(String id) {
        return emulator().properties(id);
    }

    /** {@link CloudEmulator#config(String)} of the running emulator. */
    public CloudAiConfig.Builder config(String id) {
        return emulator().config(id);
    }
}

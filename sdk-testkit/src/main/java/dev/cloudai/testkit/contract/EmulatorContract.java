package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every contract base shares: one emulated cloud started before the test class, reset before each test, and
 * one {@link CloudAi} built against it through the real path (configuration, {@code ServiceLoader} discovery, the
 * retry pipeline, the adapter, the wire). A cloud's test extends one of the bases, not this class directly.
 *
 * <p>Hooks: {@link #newCloud()} (required), {@link #configure(CloudAiConfig.Builder)} for keys the adapter needs
 * besides the cloud's own properties, {@link #retrySettings()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmulatorContract {
    /** How long a contract test waits for an async result or a stream. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    private CloudEmulator emulator;
    private EmulatedCloud cloud;
    private CloudAi ai;

    /** A new, not yet started emulator of the cloud under test; its {@code id()} is the provider id. */
    protected abstract EmulatedCloud newCloud();

    /**
     * Adds what the adapter needs besides the cloud's properties, for example an API key or a model alias. The
     * builder already holds {@code cloudai.provider}, the cloud's properties and {@link #retrySettings()}.
     */
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config;
    }

    /** The retry settings of the {@code CloudAi} under test; by default {@link Canned#FAST_RETRY}. */
    protected RetrySettings retrySettings() {
        return Canned.FAST_RETRY;
    }

    @BeforeAll
    protected final void startEmulatorAndCloudAi() {
        cloud = newCloud();
        emulator = CloudEmulator.start(cloud);
        // One CloudAi serves every test of the class, many of which fail on purpose: a circuit breaker would open and
        // turn later tests' answers into fail-fast errors. The contracts test mapping and retries; circuits have their
        // own tests in sdk-api.
        ai = CloudAi.create(config().build());
    }

    /**
     * The configuration of {@link #ai()}: the emulator's keys, {@link #retrySettings()}, no circuit breaker and
     * {@link #configure}'s additions; for a test that needs a {@code CloudAi} of its own, for example with a listener.
     */
    protected final CloudAiConfig.Builder config() {
        return configure(emulator.config(cloud.id()).retry(retrySettings()).property(ConfigKeys.CIRCUIT_ENABLED, "false"));
    }

    @BeforeEach
    protected final void resetEmulator() {
        emulator.reset();
    }

    @AfterAll
    protected final void stopCloudAiAndEmulator() {
        try {
            if (ai != null) ai.close();
        } finally {
            if (emulator != null) emulator.close();
        }
    }

    /** The {@code CloudAi} under test, pointed at the emulator. */
    protected final CloudAi ai() {
        return ai;
    }

    /** The running emulated cloud. */
    protected final EmulatedCloud cloud() {
        return cloud;
    }

    /** The emulator that runs {@link #cloud()}. */
    protected final CloudEmulator emulator() {
        return emulator;
    }

    /** The provider id under test, which is the cloud's id. */
    protected final String providerId() {
        return cloud.id();
    }

    /** Requests per logical call at most: {@code retrySettings().maxAttempts()}. */
    protected final int maxAttempts() {
        return retrySettings().maxAttempts();
    }

    /** Asserts the emulator received exactly {@code expected} requests since the last reset. */
    protected final void assertRequests(int expected, String why) {
        assertEquals(expected, cloud.requestCount(), () -> "requests the emulator received: " + why);
    }
}

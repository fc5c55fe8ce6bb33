package dev.cloudai.testkit;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Local stand-ins for one or more clouds, each on its own free loopback port, for tests and offline runs. Point
 * an application at a cloud's emulator with that cloud's configuration keys: in code with {@link #config(String)},
 * or as system properties or a properties file with {@link #properties(String)}. Nothing else changes: the
 * application's {@code CloudAi} talks to the emulator exactly as it would to the cloud.
 *
 * <pre>{@code
 * try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud())) {     // AwsCloud: the EmulatedCloud of the cloud you use
 *     // in code:
 *     try (CloudAi ai = CloudAi.create(emulator.config("aws").build())) {
 *         ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chat(ChatRequest.ofUser("Hello"));
 *     }
 *     // or through configuration, for an application that calls CloudAi.fromConfig():
 *     emulator.properties("aws").forEach(System::setProperty);   // cloudai.provider=aws, cloudai.aws.endpoint=http://127.0.0.1:PORT, ...
 *
 *     emulator.cloud("aws").inject(Fault.throttle(), 1);        // the next request is throttled
 *     emulator.reset();                                          // default answers back, journal and faults cleared
 * }
 * }</pre>
 *
 * <p>In JUnit 5 tests, {@link CloudEmulatorExtension} starts it before the class and resets it before each test.
 */
public final class CloudEmulator implements AutoCloseable {
    /** The keys {@link #callSettings(CloudAiConfig)} keeps. */
    private static final List<String> CALL_SETTINGS = List.of(ConfigKeys.RETRY_MAX_ATTEMPTS, ConfigKeys.RETRY_INITIAL_BACKOFF,
            ConfigKeys.RETRY_MAX_BACKOFF, ConfigKeys.TIMEOUT, ConfigKeys.CIRCUIT_ENABLED, ConfigKeys.CIRCUIT_FAILURE_RATE,
            ConfigKeys.CIRCUIT_WINDOW, ConfigKeys.CIRCUIT_MINIMUM_CALLS, ConfigKeys.CIRCUIT_WAIT_IN_OPEN,
            ConfigKeys.RATE_LIMIT, ConfigKeys.BULKHEAD, ConfigKeys.DEPLOY_POLL_INTERVAL, ConfigKeys.BATCH_POLL_INTERVAL);

    private final Map<String, EmulatedCloud> clouds;

    private CloudEmulator(Map<String, EmulatedCloud> clouds) {
        this.clouds = Collections.unmodifiableMap(clouds);
    }

    /**
     * Starts every cloud. When one fails to start, the ones already started are closed again.
     *
     * @throws IllegalArgumentException when no cloud is given, or two have the same id
     */
    public static CloudEmulator start(EmulatedCloud... clouds) {
        Objects.requireNonNull(clouds, "clouds");
        return start(List.of(clouds));
    }

    /** {@link #start(EmulatedCloud...)} for a list. */
    public static CloudEmulator start(List<? extends EmulatedCloud> clouds) {
        Objects.requireNonNull(clouds, "clouds");
        if (clouds.isEmpty()) throw new IllegalArgumentException("clouds: give at least one EmulatedCloud to start");
        Map<String, EmulatedCloud> byId = new LinkedHashMap<>();
        for (EmulatedCloud cloud : clouds) {
            Objects.requireNonNull(cloud, "clouds: must not contain null");
            EmulatedCloud clash = byId.putIfAbsent(cloud.id(), cloud);
            if (clash != null) {
                throw new IllegalArgumentException("clouds: two clouds have the id '" + cloud.id() + "' (" + clash + " and "
                        + cloud + "); one emulator serves each provider once");
            }
        }
        List<EmulatedCloud> started = new ArrayList<>();
        try {
            for (EmulatedCloud cloud : byId.values()) {
                cloud.start();
                started.add(cloud);
            }
        } catch (RuntimeException | Error e) {
            for (EmulatedCloud cloud : started) {
                try {
                    cloud.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new CloudEmulator(byId);
    }

    /** The ids of the clouds, in the order they were given. */
    public List<String> ids() {
        return List.copyOf(clouds.keySet());
    }

    /**
     * The emulator of cloud {@code id}.
     *
     * @throws IllegalArgumentException when this emulator has no such cloud; the message lists the ids it has
     */
    public EmulatedCloud cloud(String id) {
        EmulatedCloud cloud = clouds.get(id);
        if (cloud == null) {
            throw new IllegalArgumentException("id: this CloudEmulator has no cloud '" + id + "'; it has "
                    + String.join(", ", clouds.keySet()) + ". Pass the cloud to CloudEmulator.start(...)");
        }
        return cloud;
    }

    /** The emulator of cloud {@code id} as its own type, for example {@code cloud("aws", AwsCloud.class)}. */
    public <T extends EmulatedCloud> T cloud(String id, Class<T> type) {
        EmulatedCloud cloud = cloud(id);
        if (!type.isInstance(cloud)) {
            throw new IllegalArgumentException("type: cloud '" + id + "' is a " + cloud.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(cloud);
    }

    /**
     * The configuration that points an application at cloud {@code id}: {@code cloudai.provider=<id>} and the
     * cloud's own keys ({@link EmulatedCloud#properties()}). Usable as system properties or in {@code cloudai.properties}.
     */
    public Map<String, String> properties(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ConfigKeys.PROVIDER, id);
        out.putAll(keys(id));
        return Collections.unmodifiableMap(out);
    }

    /** Cloud {@code id}'s own keys without {@code cloudai.provider}: what another provider's configuration adds to reach it. */
    public Map<String, String> keys(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        cloud(id).properties().forEach((k, v) -> {
            if (!ConfigKeys.PROVIDER.equals(k)) out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * A configuration builder holding {@link #properties(String)}; add model aliases, retry settings and the rest,
     * then {@code build()}.
     */
    public CloudAiConfig.Builder config(String id) {
        CloudAiConfig.Builder builder = CloudAiConfig.builder();
        properties(id).forEach(builder::property);
        return builder;
    }

    /**
     * {@link #config(String)} with {@code cloudai.fallback} set to {@code fallbacks}, in order, and their emulators'
     * keys added, so that a call failing on {@code id} moves to them: {@code config("aws", "azure")}.
     */
    public CloudAiConfig.Builder config(String id, String... fallbacks) {
        CloudAiConfig.Builder builder = config(id);
        if (fallbacks.length == 0) return builder;
        for (String fallback : fallbacks) keys(fallback).forEach(builder::property);
        return builder.fallback(fallbacks);
    }

    /**
     * The keys of an application's own configuration that still apply when it runs on an emulator: how calls behave
     * (retries, deadline, circuit breaker, rate limit, bulkhead, deploy and batch polling), none of which says where
     * they go.
     * The application's provider, every cloud's endpoints, accounts and credentials, its model aliases, fallback and
     * catalog file are left out, so nothing configured for the real cloud is reached from an emulator run. Load the
     * application's configuration with {@link CloudAiConfig#load()} first: that is what reports a misspelt key.
     *
     * <pre>{@code
     * CloudAiConfig application = CloudAiConfig.load();          // validated as in production
     * CloudAiConfig.Builder config = emulator.config("aws");
     * CloudEmulator.callSettings(application).forEach(config::property);
     * }</pre>
     */
    public static Map<String, String> callSettings(CloudAiConfig application) {
        Objects.requireNonNull(application, "application");
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : CALL_SETTINGS) application.get(key).ifPresent(v -> out.put(key, v));
        return Collections.unmodifiableMap(out);
    }

    /** Resets every cloud: default answers back, request journals and faults cleared. */
    public void reset() {
        clouds.values().forEach(EmulatedCloud::reset);
    }

    /** Stops every cloud, even when one fails to stop; the first failure is thrown with the others suppressed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (EmulatedCloud cloud : clouds.values()) {
            try {
                cloud.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return "CloudEmulator" + clouds.values();
    }
}

package dev.cloudai;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every numeric and duration key is range-checked when the configuration is built, so a value that would fail the
 * first call (an AWS SDK "apiCallTimeout must be positive", a long overflow, Resilience4j allocating a window of two
 * billion calls) fails at start-up instead, naming the key, the value and the range.
 */
class ConfigRangesTest {

    /** Builds a configuration with one key set and expects it rejected with the key, the value and the range. */
    private static void rejected(String key, String value, String range) {
        var e = assertThrows(ConfigurationException.class,
                () -> CloudAiConfig.builder().property(key, value).build(), key + "=" + value + " must fail at start-up");
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith(key + ": "), "names the key: " + problem);
        assertTrue(problem.contains("'" + value + "'"), "shows the value: " + problem);
        assertTrue(problem.contains(range), "gives the range " + range + ": " + problem);
    }

    // The cases of issue 11, one test each.

    @Test
    void aZeroTimeoutFailsAtStartUp() {
        rejected(ConfigKeys.TIMEOUT, "0s", "1ms to 24h");
    }

    @Test
    void aTimeoutThatOverflowsNanosecondArithmeticFailsAtStartUp() {
        rejected(ConfigKeys.TIMEOUT, "PT3000000H", "1ms to 24h");
    }

    @Test
    void aZeroWaitInOpenFailsAtStartUp() {
        rejected(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, "0s", "1ms to 24h");
    }

    @Test
    void aSlidingWindowOfTwoBillionCallsFailsAtStartUp() {
        rejected(ConfigKeys.CIRCUIT_WINDOW, "2147483647", "1 to 10000");
    }

    @Test
    void aRateLimitAboveAnIntFailsAtStartUp() {
        rejected(ConfigKeys.RATE_LIMIT, "3000000000", "0.001 to 1000000");
    }

    @Test
    void anAstronomicalRateLimitFailsAtStartUp() {
        rejected(ConfigKeys.RATE_LIMIT, "1e300", "0.001 to 1000000");
    }

    // Every other numeric and duration key, just outside each end of its range.

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "cloudai.retry.max-attempts, 0, 1 to 100",
            "cloudai.retry.max-attempts, 101, 1 to 100",
            "cloudai.retry.max-attempts, 99999999999, 1 to 100",
            "cloudai.retry.initial-backoff, 25h, 0ms to 24h",
            "cloudai.retry.initial-backoff, PT3000000H, 0ms to 24h",
            "cloudai.retry.max-backoff, 25h, 0ms to 24h",
            "cloudai.deploy.poll-interval, 0s, 1ms to 1h",
            "cloudai.deploy.poll-interval, 2h, 1ms to 1h",
            "cloudai.batch.poll-interval, 0s, 1ms to 1h",
            "cloudai.batch.poll-interval, 2h, 1ms to 1h",
            "cloudai.timeout, PT0.0005S, 1ms to 24h",
            "cloudai.timeout, 1441m, 1ms to 24h",
            "cloudai.timeout, 99999999999h, 1ms to 24h",
            "cloudai.circuit-breaker.failure-rate-threshold, 0, 1 to 100",
            "cloudai.circuit-breaker.failure-rate-threshold, 101, 1 to 100",
            "cloudai.circuit-breaker.sliding-window-size, 0, 1 to 10000",
            "cloudai.circuit-breaker.sliding-window-size, 10001, 1 to 10000",
            "cloudai.circuit-breaker.minimum-calls, 0, 1 to 10000",
            "cloudai.circuit-breaker.minimum-calls, 10001, 1 to 10000",
            "cloudai.circuit-breaker.wait-in-open, 25h, 1ms to 24h",
            "cloudai.rate-limit.requests-per-second, 0, 0.001 to 1000000",
            "cloudai.rate-limit.requests-per-second, 0.0001, 0.001 to 1000000",
            "cloudai.rate-limit.requests-per-second, -5, 0.001 to 1000000",
            "cloudai.rate-limit.requests-per-second, NaN, 0.001 to 1000000",
            "cloudai.rate-limit.requests-per-second, Infinity, 0.001 to 1000000",
            "cloudai.bulkhead.max-concurrent-calls, 0, 1 to 100000",
            "cloudai.bulkhead.max-concurrent-calls, 100001, 1 to 100000",
            "cloudai.http.max-connections, 0, 1 to 100000",
            "cloudai.http.max-connections, 100001, 1 to 100000",
            "cloudai.http.max-connections, 50.5, 1 to 100000",
    })
    void everyNumericAndDurationKeyIsRangeChecked(String key, String value, String range) {
        rejected(key, value, range);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "cloudai.retry.max-attempts, 100",
            "cloudai.retry.initial-backoff, 0s",
            "cloudai.retry.initial-backoff, 1ms",
            "cloudai.retry.max-backoff, 24h",
            "cloudai.deploy.poll-interval, 1ms",
            "cloudai.deploy.poll-interval, 1h",
            "cloudai.batch.poll-interval, 1ms",
            "cloudai.batch.poll-interval, 1h",
            "cloudai.timeout, 1ms",
            "cloudai.timeout, PT24H",
            "cloudai.circuit-breaker.failure-rate-threshold, 100",
            "cloudai.circuit-breaker.sliding-window-size, 10000",
            "cloudai.circuit-breaker.wait-in-open, 1ms",
            "cloudai.rate-limit.requests-per-second, 0.001",
            "cloudai.rate-limit.requests-per-second, 1e6",
            "cloudai.bulkhead.max-concurrent-calls, 100000",
            "cloudai.http.max-connections, 1",
            "cloudai.http.max-connections, 100000",
    })
    void theEndsOfEachRangeAreAllowed(String key, String value) {
        CloudAiConfig c = CloudAiConfig.builder().property(key, value).build();
        c.resilience();   // the settings are made from the values; none of them may fail after start-up
        assertEquals(value, c.get(key).orElseThrow());
    }

    @Test
    void minimumCallsAboveTheWindowFailNamingBothKeys() {
        var e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property(ConfigKeys.CIRCUIT_WINDOW, "5").property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, "8").build());
        assertTrue(e.getMessage().contains("cloudai.circuit-breaker.minimum-calls: '8' is more than"
                + " cloudai.circuit-breaker.sliding-window-size (5)"), e.getMessage());
        var againstDefault = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder()
                .property(ConfigKeys.CIRCUIT_MINIMUM_CALLS, "30").build());
        assertTrue(againstDefault.getMessage().contains("sliding-window-size (20)"), againstDefault.getMessage());
    }

    @Test
    void aWindowBelowTheDefaultMinimumCallsLowersTheMinimumInsteadOfFailing() {
        ResilienceSettings r = CloudAiConfig.builder().property(ConfigKeys.CIRCUIT_WINDOW, "4").build().resilience();
        assertEquals(4, r.slidingWindowSize());
        assertEquals(4, r.minimumCalls());
    }

    @Test
    void everyKeyWithARangeDeclaresItAndEveryDefaultIsAllowed() {
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            boolean numeric = switch (key.type()) {
                case ATTEMPTS, DURATION, PERCENT, POSITIVE_INT, POSITIVE_NUMBER -> true;
                default -> false;
            };
            assertEquals(numeric, key.range().isPresent(), key.name() + ": numbers and durations have a range");
            key.defaultValue().ifPresent(d -> assertEquals(java.util.Optional.empty(), key.check(d),
                    key.name() + ": its default " + d + " must pass its own check"));
        }
    }

    @Test
    void theDefaultsOfTheKeysAreTheDefaultsOfTheSettings() {
        assertEquals(RetrySettings.DEFAULTS, CloudAiConfig.builder().build().retry());
        assertEquals(ResilienceSettings.DEFAULTS, CloudAiConfig.builder().build().resilience());
        assertEquals("3", defaultOf(ConfigKeys.RETRY_MAX_ATTEMPTS));
        assertEquals("500ms", defaultOf(ConfigKeys.RETRY_INITIAL_BACKOFF));
        assertEquals("120s", defaultOf(ConfigKeys.TIMEOUT));
        assertEquals(Duration.ofSeconds(120), ResilienceSettings.DEFAULTS.timeout());
        assertEquals(20, ResilienceSettings.DEFAULTS.slidingWindowSize());
        assertEquals("1000", defaultOf(ConfigKeys.HTTP_MAX_CONNECTIONS));
        assertEquals(1000, dev.cloudai.spi.ProviderConfig.of("aws", java.util.Map.of()).maxConnections(),
                "a provider whose configuration does not set the key gets the key's default");
    }

    private static String defaultOf(String key) {
        return ConfigKeys.find(key).orElseThrow().defaultValue().orElseThrow();
    }

    // The programmatic records enforce the same ranges, naming the field.

    private static void recordRejects(String message, Executable e) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(message), "expected '" + message + "...', got: " + ex.getMessage());
    }

    private static ResilienceSettings resilience(Duration timeout, int window, int minimumCalls, Duration waitInOpen,
                                                 OptionalDouble rps, OptionalInt bulkhead) {
        return new ResilienceSettings(timeout, true, 50, window, minimumCalls, waitInOpen, rps, bulkhead);
    }

    @Test
    void resilienceSettingsEnforceTheKeysRanges() {
        Duration s = Duration.ofSeconds(1);
        recordRejects("timeout: must be from 1ms to 24h (cloudai.timeout), was PT0S",
                () -> resilience(Duration.ZERO, 20, 10, s, OptionalDouble.empty(), OptionalInt.empty()));
        recordRejects("timeout: must be from 1ms to 24h (cloudai.timeout), was PT3000000H",
                () -> resilience(Duration.ofHours(3_000_000), 20, 10, s, OptionalDouble.empty(), OptionalInt.empty()));
        recordRejects("waitInOpen: must be from 1ms to 24h (cloudai.circuit-breaker.wait-in-open), was PT0S",
                () -> resilience(s, 20, 10, Duration.ZERO, OptionalDouble.empty(), OptionalInt.empty()));
        recordRejects("slidingWindowSize: must be from 1 to 10000 (cloudai.circuit-breaker.sliding-window-size), was 2147483647",
                () -> resilience(s, Integer.MAX_VALUE, 10, s, OptionalDouble.empty(), OptionalInt.empty()));
        recordRejects("minimumCalls: must be at most slidingWindowSize (5), was 8",
                () -> resilience(s, 5, 8, s, OptionalDouble.empty(), OptionalInt.empty()));
        recordRejects("requestsPerSecond: must be from 0.001 to 1000000 (cloudai.rate-limit.requests-per-second), was 3.0E9",
                () -> resilience(s, 20, 10, s, OptionalDouble.of(3e9), OptionalInt.empty()));
        recordRejects("requestsPerSecond: must be from 0.001 to 1000000 (cloudai.rate-limit.requests-per-second), was NaN",
                () -> resilience(s, 20, 10, s, OptionalDouble.of(Double.NaN), OptionalInt.empty()));
        recordRejects("maxConcurrentCalls: must be from 1 to 100000 (cloudai.bulkhead.max-concurrent-calls), was 0",
                () -> resilience(s, 20, 10, s, OptionalDouble.empty(), OptionalInt.of(0)));
        recordRejects("failureRateThreshold: must be from 1 to 100 (cloudai.circuit-breaker.failure-rate-threshold), was 0",
                () -> new ResilienceSettings(s, true, 0, 20, 10, s, OptionalDouble.empty(), OptionalInt.empty()));
    }

    @Test
    void retrySettingsEnforceTheKeysRanges() {
        recordRejects("maxAttempts: must be from 1 to 100 (cloudai.retry.max-attempts), was 0",
                () -> new RetrySettings(0, Duration.ZERO, Duration.ZERO));
        recordRejects("initialBackoff: must be from 0ms to 24h (cloudai.retry.initial-backoff), was PT-1S",
                () -> new RetrySettings(3, Duration.ofSeconds(-1), Duration.ZERO));
        recordRejects("maxBackoff: must be from 0ms to 24h (cloudai.retry.max-backoff), was PT3000000H",
                () -> new RetrySettings(3, Duration.ZERO, Duration.ofHours(3_000_000)));
        recordRejects("maxBackoff: must be at least initialBackoff (PT2S), was PT1S",
                () -> new RetrySettings(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    // The builders start from DEFAULTS and check each field as it is set, naming it.

    @Test
    void theBuildersStartFromTheDefaults() {
        assertEquals(RetrySettings.DEFAULTS, RetrySettings.builder().build());
        assertEquals(ResilienceSettings.DEFAULTS, ResilienceSettings.builder().build());
    }

    @Test
    void theBuildersSetEachField() {
        RetrySettings r = RetrySettings.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(40)).build();
        assertEquals(new RetrySettings(5, Duration.ofMillis(10), Duration.ofMillis(40)), r);
        ResilienceSettings s = ResilienceSettings.builder().timeout(Duration.ofSeconds(5)).circuitBreaker(false)
                .failureRateThreshold(30).slidingWindowSize(40).minimumCalls(15).waitInOpen(Duration.ofSeconds(2))
                .requestsPerSecond(2.5).maxConcurrentCalls(8).build();
        assertEquals(new ResilienceSettings(Duration.ofSeconds(5), false, 30, 40, 15, Duration.ofSeconds(2),
                OptionalDouble.of(2.5), OptionalInt.of(8)), s);
    }

    @Test
    void aSmallWindowLowersTheDefaultMinimumAsConfigurationDoes() {
        assertEquals(4, ResilienceSettings.builder().slidingWindowSize(4).build().minimumCalls());
        assertEquals(4, CloudAiConfig.builder().property(ConfigKeys.CIRCUIT_WINDOW, "4").build().resilience().minimumCalls());
        recordRejects("minimumCalls: must be at most slidingWindowSize (4), was 6",
                () -> ResilienceSettings.builder().slidingWindowSize(4).minimumCalls(6).build());
    }

    @Test
    void theBuildersRejectAValueOutsideItsRangeWhenSetNamingTheField() {
        recordRejects("maxAttempts: must be from 1 to 100 (cloudai.retry.max-attempts), was 0",
                () -> RetrySettings.builder().maxAttempts(0));
        recordRejects("initialBackoff: must be from 0ms to 24h (cloudai.retry.initial-backoff), was PT-1S",
                () -> RetrySettings.builder().initialBackoff(Duration.ofSeconds(-1)));
        recordRejects("maxBackoff: must be at least initialBackoff (PT2S), was PT1S",
                () -> RetrySettings.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build());
        recordRejects("timeout: must be from 1ms to 24h (cloudai.timeout), was PT0S",
                () -> ResilienceSettings.builder().timeout(Duration.ZERO));
        recordRejects("failureRateThreshold: must be from 1 to 100 (cloudai.circuit-breaker.failure-rate-threshold), was 101",
                () -> ResilienceSettings.builder().failureRateThreshold(101));
        recordRejects("slidingWindowSize: must be from 1 to 10000 (cloudai.circuit-breaker.sliding-window-size), was 0",
                () -> ResilienceSettings.builder().slidingWindowSize(0));
        recordRejects("minimumCalls: must be from 1 to 10000 (cloudai.circuit-breaker.minimum-calls), was 0",
                () -> ResilienceSettings.builder().minimumCalls(0));
        recordRejects("waitInOpen: must be from 1ms to 24h (cloudai.circuit-breaker.wait-in-open), was PT0S",
                () -> ResilienceSettings.builder().waitInOpen(Duration.ZERO));
        recordRejects("requestsPerSecond: must be from 0.001 to 1000000 (cloudai.rate-limit.requests-per-second), was NaN",
                () -> ResilienceSettings.builder().requestsPerSecond(Double.NaN));
        recordRejects("maxConcurrentCalls: must be from 1 to 100000 (cloudai.bulkhead.max-concurrent-calls), was 0",
                () -> ResilienceSettings.builder().maxConcurrentCalls(0));
        var nullDuration = assertThrows(NullPointerException.class, () -> ResilienceSettings.builder().timeout(null));
        assertEquals("timeout", nullDuration.getMessage());
    }
}

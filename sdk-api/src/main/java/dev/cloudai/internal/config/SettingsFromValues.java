package dev.cloudai.internal.config;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.internal.util.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The retry and resilience settings of checked values: every value here passed its key's check, so parsing cannot
 * fail; what is left are the rules between keys, added to the problems naming both keys.
 */
final class SettingsFromValues {
    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final List<String> problems;

    SettingsFromValues(Map<String, String> values, Map<String, String> sources, List<String> problems) {
        this.values = values;
        this.sources = sources;
        this.problems = problems;
    }

    RetrySettings retry() {
        RetrySettings.Builder b = RetrySettings.builder();
        set(ConfigKeys.RETRY_MAX_ATTEMPTS, Integer::parseInt, b::maxAttempts);
        set(ConfigKeys.RETRY_INITIAL_BACKOFF, SettingsFromValues::duration, b::initialBackoff);
        set(ConfigKeys.RETRY_MAX_BACKOFF, SettingsFromValues::duration, b::maxBackoff);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            problems.add(ConfigKeys.RETRY_MAX_BACKOFF + ": " + e.getMessage().replaceFirst("^maxBackoff: ", "")
                    + "; raise cloudai.retry.max-backoff or lower cloudai.retry.initial-backoff");
            return RetrySettings.DEFAULTS;
        }
    }

    ResilienceSettings resilience() {
        ResilienceSettings.Builder b = ResilienceSettings.builder();
        set(ConfigKeys.TIMEOUT, SettingsFromValues::duration, b::timeout);
        set(ConfigKeys.CIRCUIT_ENABLED, Boolean::parseBoolean, b::circuitBreaker);
        set(ConfigKeys.CIRCUIT_FAILURE_RATE, Integer::parseInt, b::failureRateThreshold);
        set(ConfigKeys.CIRCUIT_WINDOW, Integer::parseInt, b::slidingWindowSize);
        set(ConfigKeys.CIRCUIT_WAIT_IN_OPEN, SettingsFromValues::duration, b::waitInOpen);
        set(ConfigKeys.RATE_LIMIT, Double::parseDouble, b::requestsPerSecond);
        set(ConfigKeys.BULKHEAD, Integer::parseInt, b::maxConcurrentCalls);
        String minimum = values.get(ConfigKeys.CIRCUIT_MINIMUM_CALLS);
        if (minimum != null) {
            int window = Integer.parseInt(values.getOrDefault(ConfigKeys.CIRCUIT_WINDOW,
                    Integer.toString(ResilienceSettings.DEFAULTS.slidingWindowSize())));
            int minimumCalls = Integer.parseInt(minimum);
            if (minimumCalls > window) {
                problems.add(ConfigKeys.CIRCUIT_MINIMUM_CALLS + ": '" + minimumCalls + "' is more than "
                        + ConfigKeys.CIRCUIT_WINDOW + " (" + window + "), and a window of " + window
                        + " calls never holds " + minimumCalls + "; lower minimum-calls or raise sliding-window-size"
                        + " (from " + sources.get(ConfigKeys.CIRCUIT_MINIMUM_CALLS) + ")");
            } else {
                b.minimumCalls(minimumCalls);
            }
        }   // unset, the builder lowers the default minimum to a smaller window
        return b.build();
    }

    private <T> void set(String key, Function<String, T> parse, Consumer<T> setter) {
        String v = values.get(key);
        if (v != null) setter.accept(parse.apply(v));
    }

    private static Duration duration(String text) {
        return Durations.parse(text).orElseThrow();
    }
}

package dev.cloudai.spi;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a long-running cloud operation until it is done or its deadline passes. A poll that fails retryably
 * (throttled, a 5xx, a dropped connection) is tried again at the next interval rather than ending the wait: a
 * deployment that takes half an hour must not fail on one throttled status check. Shared by every adapter's
 * {@code deploy}, so the three clouds wait by the same rules.
 *
 * <pre>{@code
 * DescribeEndpointResponse ready = Polling.until("aws", "deploy", spec.timeout(), config.pollInterval(), mapper,
 *         () -> sageMaker.describeEndpoint(r -> r.endpointName(name)),
 *         d -> d.endpointStatus() == EndpointStatus.IN_SERVICE || d.endpointStatus() == EndpointStatus.FAILED,
 *         d -> "endpoint " + name + " is " + d.endpointStatusAsString());
 * }</pre>
 */
public final class Polling {
    private Polling() {
    }

    /**
     * Calls {@code poll} every {@code interval} until {@code done} accepts its result, which is returned.
     *
     * @param describe says where the operation stands, for the timeout message
     * @throws DeadlineExceededException when {@code timeout} passes first; the cloud operation goes on
     * @throws CloudAiException          when a poll fails in a way that waiting will not fix (mapped by {@code mapper})
     */
    public static <T> T until(String providerId, String operation, Duration timeout, Duration interval, ErrorMapper mapper,
                              Supplier<T> poll, Predicate<T> done, Function<T, String> describe) {
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(done, "done");
        Objects.requireNonNull(mapper, "mapper");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = "no answer yet";
        while (true) {
            try {
                T value = poll.get();
                if (done.test(value)) return value;
                lastState = describe.apply(value);
            } catch (RuntimeException e) {
                CloudAiException mapped = e instanceof CloudAiException c ? c : mapper.map(operation, e);
                if (!mapped.isRetryable()) throw mapped;
                lastState = "the last status check failed: " + mapped.detail();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DeadlineExceededException(ErrorInfo.builder(providerId, operation).build(),
                        "not done after " + timeout + " (" + lastState + "); the operation goes on in the cloud: call it again"
                                + " to resume waiting, or delete what it created", null);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new DeadlineExceededException(ErrorInfo.builder(providerId, operation).build(),
                        "interrupted while waiting (" + lastState + ")", ie);
            }
        }
    }
}

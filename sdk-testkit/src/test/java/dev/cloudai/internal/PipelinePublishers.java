package dev.cloudai.internal;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.testkit.ListPublisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The pipeline's own publishers over {@link ListPublisher} upstreams, for the stream-rules tests. */
final class PipelinePublishers {
    static final List<String> ITEMS = List.of("a", "b", "c");

    private PipelinePublishers() {
    }

    static CallPipeline pipeline(String providerId) {
        return new CallPipeline(providerId,
                (operation, error) -> new UnclassifiedException(ErrorInfo.builder(providerId, operation).build(),
                        String.valueOf(error), false, error),
                new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2)), new SystemTimer(), new OpenCalls());
    }

    static UnavailableException unavailable(String providerId) {
        return new UnavailableException(ErrorInfo.builder(providerId, "stream").httpStatus(503).build(), "try again", null);
    }

    static InvalidRequestException invalid(String providerId) {
        return new InvalidRequestException(ErrorInfo.builder(providerId, "stream").httpStatus(400).build(), "bad prompt", null);
    }

    /** Upstream attempts whose first fails retryably before any item and whose later ones give {@link #ITEMS}. */
    static Supplier<Flow.Publisher<String>> failingOnce(String providerId, Executor executor) {
        AtomicInteger attempts = new AtomicInteger();
        return () -> attempts.getAndIncrement() == 0
                ? new ListPublisher<>(List.of(), unavailable(providerId), executor)
                : new ListPublisher<>(ITEMS, null, executor);
    }
}

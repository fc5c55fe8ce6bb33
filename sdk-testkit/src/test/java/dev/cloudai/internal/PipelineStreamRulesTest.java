package dev.cloudai.internal;

import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.testkit.ListPublisher;
import dev.cloudai.testkit.contract.StreamRulesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The stream rules for the SDK's own publishers in sdk-api's call pipeline, over well-behaved fake upstreams: the
 * retrying stream of {@code CallPipeline.stream} and the cross-provider {@code Fallback.stream}. (They live here, not in
 * sdk-api, because the rules are sdk-testkit's, which depends on sdk-api.) Each publisher is checked over an upstream
 * that delivers inside {@code request} and over one that delivers on another thread.
 */
class PipelineStreamRulesTest {
    private static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-upstream");
        t.setDaemon(true);
        return t;
    });
    private static final Executor SYNC = Runnable::run;

    @AfterAll
    static void stopUpstreamThreads() {
        ASYNC.shutdownNow();
    }

    private static Flow.Publisher<String> retrying(Supplier<Flow.Publisher<String>> attempts) {
        return PipelinePublishers.pipeline("fake").stream("stream", attempts);
    }

    private static Flow.Publisher<String> items(Executor executor) {
        return new ListPublisher<>(PipelinePublishers.ITEMS, null, executor);
    }

    /** A fallback over two routes, each behind its own pipeline; the first route's attempts come from {@code first}. */
    private static Flow.Publisher<String> fallback(Supplier<Flow.Publisher<String>> first, Executor executor) {
        List<Fallback.Route<Supplier<Flow.Publisher<String>>>> routes = List.of(
                new Fallback.Route<>("first", () -> PipelinePublishers.pipeline("first").stream("stream", first)),
                new Fallback.Route<>("second", () -> PipelinePublishers.pipeline("second").stream("stream", () -> items(executor))));
        return Fallback.stream("stream", routes, Supplier::get, Listeners.NONE);
    }

    /** A fallback straight over raw upstreams, no pipeline between: the chain's own subscription meets the subscriber. */
    private static Flow.Publisher<String> rawFallback(Function<String, Flow.Publisher<String>> route) {
        List<Fallback.Route<String>> routes = List.of(new Fallback.Route<>("first", "first"), new Fallback.Route<>("second", "second"));
        return Fallback.stream("stream", routes, route, Listeners.NONE);
    }

    @Nested
    class RetryingOverAnUpstreamThatDeliversInsideRequest implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return retrying(() -> items(SYNC));
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return retrying(() -> new ListPublisher<>(List.of("a"), PipelinePublishers.unavailable("fake"), SYNC));
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "a failure after the first item is delivered, not retried");
        }
    }

    @Nested
    class RetryingOverAnUpstreamOnAnotherThread implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return retrying(() -> items(ASYNC));
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return retrying(() -> new ListPublisher<>(List.of(), PipelinePublishers.invalid("fake"), ASYNC));
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(InvalidRequestException.class, error, "an invalid request is not retried");
        }
    }

    @Nested
    class RetryingAfterAFailureBeforeTheFirstItem implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return retrying(PipelinePublishers.failingOnce("fake", ASYNC));
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return retrying(() -> new ListPublisher<>(List.of(), PipelinePublishers.unavailable("fake"), ASYNC));
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "the last attempt's failure, once the attempts are used up");
        }
    }

    @Nested
    class FallbackWhoseFirstRouteAnswers implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return fallback(() -> items(SYNC), SYNC);
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return fallback(() -> new ListPublisher<>(List.of("a"), PipelinePublishers.unavailable("first"), SYNC), SYNC);
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "after an item, a failure does not move on");
        }
    }

    @Nested
    class FallbackToTheSecondRoute implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return fallback(() -> new ListPublisher<>(List.of(), PipelinePublishers.unavailable("first"), ASYNC), ASYNC);
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return fallback(() -> new ListPublisher<>(List.of(), PipelinePublishers.invalid("first"), ASYNC), ASYNC);
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(InvalidRequestException.class, error, "an invalid request does not move on");
        }
    }

    @Nested
    class FallbackOverRawUpstreams implements StreamRulesContract<String> {
        @Override
        public Flow.Publisher<String> newPublisher() {
            return rawFallback(route -> "first".equals(route)
                    ? new ListPublisher<>(List.of(), PipelinePublishers.unavailable("first"), ASYNC)
                    : items(ASYNC));
        }

        @Override
        public Flow.Publisher<String> newFailingPublisher() {
            return rawFallback(route -> new ListPublisher<>(List.of(), PipelinePublishers.unavailable(route), ASYNC));
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "the last route's failure");
        }
    }
}

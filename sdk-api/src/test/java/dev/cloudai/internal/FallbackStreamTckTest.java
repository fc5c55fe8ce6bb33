package dev.cloudai.internal;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The Reactive Streams TCK for the publisher {@link Fallback#stream} returns. The first route fails retryably before
 * its first item, so the items come from the second route: the TCK checks the chain across the move.
 */
public class FallbackStreamTckTest extends FlowPublisherVerification<Long> {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    public FallbackStreamTckTest() {
        // in memory: 300 ms for an expected signal, 50 ms of quiet where none may come; keeps the run short
        super(new TestEnvironment(300, 50));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return chain(() -> TckSources.items(elements, i -> i, executor));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        // the last route fails too, with what another cloud would not fix: the subscriber gets it after onSubscribe
        return chain(() -> RetryingPublisherTckTest.failing(
                new InvalidRequestException(ErrorInfo.builder("second", "stream").build(), "bad request", null)));
    }

    private static Flow.Publisher<Long> chain(Supplier<Flow.Publisher<Long>> second) {
        List<Fallback.Route<Supplier<Flow.Publisher<Long>>>> routes = List.of(
                new Fallback.Route<>("first", () -> RetryingPublisherTckTest.failing(
                        new UnavailableException(ErrorInfo.builder("first", "stream").build(), "down", null))),
                new Fallback.Route<>("second", second));
        return Fallback.stream("stream", routes, Supplier::get, Listeners.NONE);
    }

    @AfterClass
    public void shutDown() {
        executor.shutdownNow();
    }
}

package dev.cloudai.internal.fallback;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.internal.TckSources;
import dev.cloudai.internal.pipeline.Listeners;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The Reactive Streams TCK for the publisher {@link FallbackChain#stream} returns. The first route fails retryably before
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
        return chain(() -> TckSources.failing(
                new InvalidRequestException(ErrorInfo.builder("second", "stream").build(), "bad request", null)));
    }

    private static Flow.Publisher<Long> chain(Supplier<Flow.Publisher<Long>> second) {
        List<FallbackChain.Route<Supplier<Flow.Publisher<Long>>>> routes = List.of(
                new FallbackChain.Route<>("first", () -> TckSources.failing(
                        new UnavailableException(ErrorInfo.builder("first", "stream").build(), "down", null))),
                new FallbackChain.Route<>("second", second));
        return FallbackChain.stream("stream", routes, () -> 0, (s, id) -> s.get(), Listeners.NONE);
    }

    @AfterClass
    public void shutDown() {
        executor.shutdownNow();
    }
}

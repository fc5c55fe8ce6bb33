package dev.cloudai.internal.pipeline;

import dev.cloudai.internal.TckSources;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Reactive Streams TCK for {@link RetryingStream}, as {@link CallPipeline#stream} returns it. Each stream's
 * first attempt fails retryably before any item, so what the TCK checks is the relay across a retry: demand asked
 * before the retry carried over, cancel and bad requests answered by the relay itself.
 */
public class RetryingStreamTckTest extends FlowPublisherVerification<Long> {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final SystemTimer timer = new SystemTimer();
    private final CallPipeline pipeline = CallPipeline.builder("tck", CallPipelineTest.MAPPER)
            .retry(new RetrySettings(2, Duration.ofMillis(1), Duration.ofMillis(1))).timer(timer).calls(new OpenCalls())
            .build();

    public RetryingStreamTckTest() {
        // in memory: 300 ms for an expected signal, 50 ms of quiet where none may come; keeps the run short
        super(new TestEnvironment(300, 50));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        AtomicInteger attempts = new AtomicInteger();
        return pipeline.stream("stream", () -> attempts.incrementAndGet() == 1
                ? TckSources.failing(new UnavailableException(ErrorInfo.builder("tck", "stream").build(), "first attempt", null))
                : TckSources.items(elements, i -> i, executor));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        // not retryable: the subscriber gets the failure after onSubscribe (rule 1.9)
        return pipeline.stream("stream", () -> TckSources.failing(
                new InvalidRequestException(ErrorInfo.builder("tck", "stream").build(), "bad request", null)));
    }

    @AfterClass
    public void shutDown() {
        timer.close();
        executor.shutdownNow();
    }
}

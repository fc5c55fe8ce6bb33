package dev.cloudai.internal.pipeline;

import dev.cloudai.invocation.ChatChunk;
import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The retry policy of one stream subscription: after a retryable failure before the first item, a fresh upstream
 * attempt from the same provider after the backoff (the {@link ResubscribingPublisher} carries the subscriber's
 * demand over and never repeats an item). Each attempt holds the guards' {@link AttemptPermit} until it ends; the
 * pipeline's deadline bounds the wait for the first item; closing the client ends the stream. Not API.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> chunks = RetryingStream.publisher(pipeline, "stream", () -> raw.stream(request));
 * }</pre>
 */
final class RetryingStream<T> implements ResubscribingPublisher.Policy<T>, OpenCalls.Call {
    private final CallPipeline pipeline;
    private final CallInfo info;
    private final Supplier<Flow.Publisher<T>> attempt;
    private final long start = System.nanoTime();
    private final long firstItemDeadline;
    private Resubscription<T> stream;   // set by start, before anything else runs
    /**
     * Made at the first failure, as most streams open at once. Attempts run one after another, each started
     * from the previous one's failure, so one thread at a time reads or writes it.
     */
    private Retry.AsyncContext<Object> retryContext;
    private volatile Object lastItem;
    private volatile int attempts;
    private volatile Runnable cancelDeadline = () -> { };

    private RetryingStream(CallPipeline pipeline, CallInfo info, Supplier<Flow.Publisher<T>> attempt) {
        this.pipeline = pipeline;
        this.info = pipeline.begin(info);
        this.attempt = attempt;
        this.firstItemDeadline = start + pipeline.timeout().toNanos();
    }

    /** A publisher whose every subscription retries {@code attempt} under its own {@code RetryingStream}. */
    static <T> Flow.Publisher<T> publisher(CallPipeline pipeline, CallInfo info, Supplier<Flow.Publisher<T>> attempt) {
        return new ResubscribingPublisher<T>(() -> new RetryingStream<>(pipeline, info, attempt));
    }

    @Override
    public void start(Resubscription<T> stream) {
        this.stream = stream;
        if (!pipeline.calls().add(this)) {
            stream.fail(pipeline.errors().closedException());
            return;
        }
        cancelDeadline = pipeline.timer().deadline(this::expire, pipeline.timeout());
        next();
    }

    private void next() {
        if (stream.isOver()) return;
        if (pipeline.calls().isClosed()) {
            closedUnder();
            return;
        }
        pipeline.guard().acquireAsync(info.operation(), info.id(), this::open, stream::upstreamFailed);
    }

    private void open(AttemptPermit granted) {
        if (!stream.hold(granted)) return;
        int n = ++attempts;
        pipeline.events().attempted(info, n);
        Flow.Publisher<T> publisher;
        try {
            publisher = Objects.requireNonNull(attempt.get(), "the provider returned a null publisher");
        } catch (RuntimeException e) {
            stream.upstreamFailed(e);
            return;
        }
        stream.subscribeTo(publisher);
    }

    @Override
    public Throwable translate(Throwable failure) {
        return pipeline.errors().map(info.operation(), failure);
    }

    @Override
    public void recover(Resubscription<T> stream, Throwable failure) {
        if (retryContext == null) retryContext = pipeline.retryPolicy().newContext();
        long wait = RetryPolicy.nextWait(retryContext, failure, firstItemDeadline);
        if (wait < 0) {
            stream.fail(failure);
            return;
        }
        pipeline.events().retried(info, attempts, wait, failure);
        pipeline.timer().schedule(this::next, Duration.ofMillis(wait));
    }

    @Override
    public void onItem(T item, boolean first) {
        if (first) cancelDeadline.run();   // the deadline bounds the wait for the first item only
        if (item instanceof ChatChunk.Finished) lastItem = item;
    }

    /** The deadline passed with no item: the attempt in flight is cancelled and counted as the provider's failure. */
    private void expire() {
        if (stream.hasDelivered() || stream.isOver()) return;
        stream.failUpstream(pipeline.errors().deadlineExceeded(info.operation(), attempts));
    }

    /** The client closed under the stream: the attempt in flight is cancelled and the subscriber told once. */
    @Override
    public void closedUnder() {
        stream.fail(pipeline.errors().closedWhileOpen(info.operation(), null));
    }

    @Override
    public void ended(Throwable failure) {
        cancelDeadline.run();
        pipeline.calls().remove(this);
        if (failure == null && retryContext != null) retryContext.onComplete();
        pipeline.events().finished(info, start, lastItem, failure);
    }
}

package dev.cloudai.internal.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The reading half of a call whose answer is a lazily read stream, such as a batch job's results: the caller pulls
 * items one by one, long after the call opened the stream, so the call stays open (in {@link OpenCalls}) until the
 * stream ends. It ends exactly once, reported to the listener as the call's one outcome:
 * <ul>
 *   <li>the last item read: success;</li>
 *   <li>reading fails (the download drops, a line cannot be read): the failure mapped through the provider's error
 *       mapper ({@link ErrorTranslator#mapReading}), thrown to the reader, and thrown again on any later read;
 *       nothing is retried, as items were delivered already;</li>
 *   <li>the caller closes the stream before its end: a {@link CancellationException}, as a stream's cancel is;</li>
 *   <li>the client is closed under it: the download is released on the closing thread, which reports the outcome;
 *       the reader's next read (or the read in progress, which the release breaks) throws the
 *       {@link IllegalStateException} that says the client was closed.</li>
 * </ul>
 * The upstream is closed whatever ends it. Not API.
 *
 * <pre>{@code
 * Stream<BatchResult> results = pipeline.openStream(CallInfo.of("batch.results"), () -> raw.results(jobId));
 * }</pre>
 */
final class ReadingCall<T> implements OpenCalls.Call, Iterator<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingCall.class);

    private enum State { READING, DONE, FAILED, CLOSED_BY_CALLER, CLOSED_UNDER }

    private final CallPipeline pipeline;
    private final CallInfo info;
    private final long start;
    private final Stream<T> upstream;
    /** Made at the first read, on the reader's thread, so that an SDK failing to start reading is mapped too. */
    private Iterator<T> items;
    private State state = State.READING;          // guarded by this
    private RuntimeException failure;             // guarded by this: what later reads throw once FAILED or CLOSED_UNDER

    private ReadingCall(CallPipeline pipeline, CallInfo info, long start, Stream<T> upstream) {
        this.pipeline = pipeline;
        this.info = info;
        this.start = start;
        this.upstream = upstream;
    }

    /**
     * The stream the caller reads, over {@code upstream} which the call just opened; closing it closes upstream.
     *
     * @throws IllegalStateException when the client was closed while the stream was being opened
     */
    static <T> Stream<T> start(CallPipeline pipeline, CallInfo info, long start, Stream<T> upstream) {
        ReadingCall<T> call = new ReadingCall<>(pipeline, info, start, upstream);
        if (!pipeline.calls().add(call)) {
            call.closedUnder();
            throw call.failureOrNull();
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(call, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(call::closedByCaller);
    }

    @Override
    public boolean hasNext() {
        synchronized (this) {
            switch (state) {
                case DONE:
                    return false;
                case CLOSED_BY_CALLER:
                    throw new IllegalStateException(info.operation() + ": the stream was closed; open it again to read it again");
                case FAILED:
                case CLOSED_UNDER:
                    throw failure;
                default:
                    break;
            }
        }
        boolean more;
        try {
            if (items == null) items = upstream.iterator();
            more = items.hasNext();
        } catch (RuntimeException e) {
            throw failed(e);
        }
        if (!more && end(State.DONE, null)) {
            release();
            pipeline.events().finished(info, start, null, null);
        }
        return more;
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException(info.operation() + ": no more items");
        try {
            return items.next();
        } catch (NoSuchElementException e) {
            throw e;   // the iterator's own contract, not a cloud failure
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** Reading failed: the call ends with the mapped failure, unless something ended it first. */
    private RuntimeException failed(RuntimeException e) {
        RuntimeException seen = pipeline.errors().mapReading(info.operation(), e);
        if (end(State.FAILED, seen)) {
            release();
            pipeline.calls().remove(this);
            pipeline.events().finished(info, start, null, seen);
            return seen;
        }
        RuntimeException first = failureOrNull();   // closed under the read, which the release broke
        if (first == null) return seen;
        if (first != e) first.addSuppressed(e);
        return first;
    }

    /** The caller closed the stream: its end, or a cancel when items were left. */
    private void closedByCaller() {
        if (end(State.CLOSED_BY_CALLER, null)) {
            release();
            pipeline.calls().remove(this);
            pipeline.events().finished(info, start, null,
                    new CancellationException("the caller closed the stream before its end"));
        } else {
            release();   // idempotent: after DONE or FAILED it was released already
        }
    }

    @Override
    public void closedUnder() {
        IllegalStateException closed = pipeline.errors().closedWhileOpen(info.operation(), null);
        if (!end(State.CLOSED_UNDER, closed)) return;
        pipeline.events().finished(info, start, null, closed);
        release();
    }

    /** Moves out of READING once; the winner reports the outcome. */
    private synchronized boolean end(State to, RuntimeException cause) {
        if (state != State.READING) return false;
        state = to;
        failure = cause;
        if (to == State.DONE) pipeline.calls().remove(this);
        return true;
    }

    private synchronized RuntimeException failureOrNull() {
        return failure;
    }

    /** Closes the upstream, releasing the download; a failure to close is logged, as the caller cannot act on it. */
    private void release() {
        try {
            upstream.close();
        } catch (RuntimeException e) {
            LOG.debug("{} {}: closing the stream failed", pipeline.providerId(), info.operation(), e);
        }
    }
}

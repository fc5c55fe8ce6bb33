package dev.cloudai.internal;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.example.unicast.AsyncIterablePublisher;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * Upstreams for the Reactive Streams TCK runs of the SDK's relaying publishers: the TCK's own example publisher
 * ({@link AsyncIterablePublisher}, itself verified by the TCK), so a failure points at the relay under test, not at
 * a hand-written source. Items are made lazily, so {@code Long.MAX_VALUE} means an endless stream.
 */
public final class TckSources {
    private TckSources() {
    }

    /** {@code count} items, {@code item.apply(i)} for i = 0, 1, ..., on {@code executor}. */
    public static <T> Flow.Publisher<T> items(long count, LongFunction<T> item, Executor executor) {
        Iterable<T> iterable = () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return count == Long.MAX_VALUE || next < count;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                return item.apply(next++);
            }
        };
        return FlowAdapters.toFlowPublisher(new AsyncIterablePublisher<>(iterable, executor));
    }

    /** An attempt that fails as soon as it is subscribed to, as a cloud SDK's stream does on an error status. */
    public static <T> Flow.Publisher<T> failing(RuntimeException error) {
        return s -> {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(error);
        };
    }
}

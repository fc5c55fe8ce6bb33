package dev.cloudai.invocation;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a {@link Flow.Publisher} into a blocking {@link Stream}, for code that prefers pulling to callbacks.
 * Closing the stream cancels the subscription, so a {@code try}-with-resources that stops early stops the
 * provider's stream too.
 *
 * <pre>{@code
 * try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat.stream(ChatRequest.ofUser("Tell me a story")))) {
 *     chunks.filter(c -> c instanceof ChatChunk.TextDelta)
 *           .map(c -> ((ChatChunk.TextDelta) c).text())
 *           .forEach(System.out::print);
 * }
 * }</pre>
 */
public final class FlowStreams {
    private static final int BATCH = 32;

    private FlowStreams() {
    }

    /**
     * Subscribes to {@code publisher} and returns its items as a sequential stream. Reading blocks until the next
     * item arrives; at most {@value #BATCH} items are buffered. A failure of the publisher is thrown from the
     * stream's terminal operation as it was signalled (a {@code CloudAiException} stays one).
     */
    public static <T> Stream<T> toStream(Flow.Publisher<T> publisher) {
        Objects.requireNonNull(publisher, "publisher");
        BlockingSubscriber<T> subscriber = new BlockingSubscriber<>();
        publisher.subscribe(subscriber);
        Spliterator<T> split = Spliterators.spliteratorUnknownSize(subscriber, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(subscriber::cancel);
    }

    private static final class BlockingSubscriber<T> implements Flow.Subscriber<T>, Iterator<T> {
        private static final Object COMPLETE = new Object();

        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;
        private Object next;
        private int consumedSinceRequest;
        private boolean finished;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (subscription != null || cancelled) {
                s.cancel();
                return;
            }
            subscription = s;
            s.request(BATCH);
        }

        @Override
        public void onNext(T item) {
            queue.add(Objects.requireNonNull(item, "item"));
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Failure(t));
        }

        @Override
        public void onComplete() {
            queue.add(COMPLETE);
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (finished) return false;
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                finished = true;
                throw new CancellationException("Interrupted while waiting for the next item; the stream was cancelled");
            }
            if (item == COMPLETE) {
                finished = true;
                return false;
            }
            if (item instanceof Failure f) {
                finished = true;
                if (f.error instanceof RuntimeException re) throw re;
                if (f.error instanceof Error err) throw err;
                throw new IllegalStateException("The stream failed: " + f.error, f.error);
            }
            next = item;
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (!hasNext()) throw new NoSuchElementException();
            T item = (T) next;
            next = null;
            // Ask for the next batch once half of this one is read, so the provider rarely waits for us.
            if (++consumedSinceRequest == BATCH / 2) {
                consumedSinceRequest = 0;
                Flow.Subscription s = subscription;
                if (s != null && !cancelled) s.request(BATCH / 2);
            }
            return item;
        }

        private record Failure(Throwable error) {
        }
    }
}

package dev.cloudai.aws.streaming;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An AWS event-stream operation as a {@link Flow.Publisher}: one call per subscription, each event turned into at
 * most one item by a per-subscription {@link Translator}, and a last item when the event stream ends. Shared by
 * Bedrock's ConverseStream and SageMaker's InvokeEndpointWithResponseStream.
 *
 * <p>Demand: the SDK's event publisher is asked for one event at a time, and only while the subscriber has demand
 * left; events that carry no item are answered by asking for the next one, so they never use up the subscriber's
 * demand. A cancel cancels the event subscription and the HTTP call. A failure, before or after the first item, is
 * delivered once as the SDK's own exception (the call pipeline maps it).
 *
 * <pre>{@code
 * Flow.Publisher<byte[]> parts = new EventStreamPublisher<ResponseStream, byte[]>() {
 *     protected CompletableFuture<Void> call(Consumer<SdkPublisher<? extends ResponseStream>> events, Consumer<Throwable> errors) {
 *         return client.invokeEndpointWithResponseStream(request, handler(events, errors));
 *     }
 *     protected Translator<ResponseStream, byte[]> translator() { return new PayloadParts(); }
 * };
 * }</pre>
 */
public abstract class EventStreamPublisher<E, T> implements Flow.Publisher<T> {

    /** Turns one subscription's events into items; may keep state across events (a stop reason, usage). */
    public interface Translator<E, T> {
        /** The item this event carries, or {@code null} when it carries none. */
        T onEvent(E event);

        /**
         * The last item, once the event stream has ended, or {@code null} for none.
         *
         * @throws RuntimeException when the stream ended where it must not (a cut connection); delivered as the failure
         */
        T onEnd();
    }

    /** Starts the SDK call, handing its event publisher to {@code events} and its failures to {@code errors}. */
    protected abstract CompletableFuture<Void> call(Consumer<SdkPublisher<? extends E>> events, Consumer<Throwable> errors);

    /** A fresh translator for one subscription. */
    protected abstract Translator<E, T> translator();

    @Override
    public final void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber, translator());
        subscriber.onSubscribe(relay);
        relay.start();
    }

    /** The subscriber's subscription and the subscriber of the SDK's events, in one. */
    private final class Relay implements Flow.Subscription, Subscriber<E> {
        // Dropped on cancel and once a terminal signal is taken: the SDK keeps this relay (its event subscriber) until
        // the HTTP call has closed, and a cancelled subscriber must not stay reachable through it (Reactive Streams
        // rule 3.13). Read into a local before each signal; null means no signal may go out any more.
        private volatile Flow.Subscriber<? super T> downstream;
        private final Translator<E, T> translator;   // used on the SDK's event thread only (its signals are serial)
        private final AtomicBoolean done = new AtomicBoolean();   // a terminal signal went out, or the subscriber cancelled
        private final Object lock = new Object();
        private long demand;                  // guarded by lock: asked for by the subscriber, not yet delivered
        private boolean eventRequested;       // guarded by lock: one event asked of the SDK and not yet arrived
        private Subscription events;          // guarded by lock
        private T pendingLast;                // guarded by lock: the stream ended while the subscriber had no demand
        private boolean lastPending;          // guarded by lock
        private volatile CompletableFuture<Void> inFlight;

        Relay(Flow.Subscriber<? super T> downstream, Translator<E, T> translator) {
            this.downstream = downstream;
            this.translator = translator;
        }

        void start() {
            if (done.get()) return;
            CompletableFuture<Void> f;
            try {
                f = call(publisher -> publisher.subscribe(this), this::fail);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            inFlight = f;
            if (done.get()) f.cancel(true);
            f.whenComplete((ignored, error) -> {
                if (error != null) fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            });
        }

        // ---- the subscriber's subscription ----

        @Override
        public void request(long n) {
            if (n <= 0) {
                Flow.Subscriber<? super T> d = done.get() ? null : downstream;
                cancel();
                // after cancel(): done is set already, but rule 3.9 still wants the subscriber told
                if (d != null) d.onError(new IllegalArgumentException("request: demand must be positive, was " + n
                        + " (Reactive Streams rule 3.9)"));
                return;
            }
            boolean sendLast;
            T last;
            synchronized (lock) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                sendLast = lastPending;
                last = pendingLast;
                lastPending = false;
                pendingLast = null;
                if (sendLast) demand--;
            }
            if (sendLast) finish(last);
            else askForNextEvent();
        }

        @Override
        public void cancel() {
            done.set(true);
            downstream = null;
            Subscription s;
            synchronized (lock) {
                s = events;
                pendingLast = null;
                lastPending = false;
            }
            if (s != null) s.cancel();
            CompletableFuture<Void> f = inFlight;
            if (f != null) f.cancel(true);
        }

        /** Asks the SDK for one more event when the subscriber wants more and none is on its way. */
        private void askForNextEvent() {
            Subscription s = null;
            synchronized (lock) {
                if (!done.get() && events != null && demand > 0 && !eventRequested) {
                    eventRequested = true;
                    s = events;
                }
            }
            if (s != null) s.request(1);   // outside the lock: the SDK may deliver the event on this very thread
        }

        // ---- the subscriber of the SDK's events ----

        @Override
        public void onSubscribe(Subscription subscription) {
            synchronized (lock) {
                events = subscription;
            }
            if (done.get()) {
                subscription.cancel();
                return;
            }
            askForNextEvent();
        }

        @Override
        public void onNext(E event) {
            synchronized (lock) {
                eventRequested = false;
            }
            if (done.get()) return;
            T item;
            try {
                item = translator.onEvent(event);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (item != null) {
                synchronized (lock) {
                    if (demand != Long.MAX_VALUE) demand--;
                }
                Flow.Subscriber<? super T> d = downstream;
                if (d != null) d.onNext(item);
            }
            askForNextEvent();
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onComplete() {
            if (done.get()) return;
            T last;
            try {
                last = translator.onEnd();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (last == null) {
                if (done.compareAndSet(false, true)) {
                    Flow.Subscriber<? super T> d = takeDownstream();
                    if (d != null) d.onComplete();
                }
                return;
            }
            boolean now;
            synchronized (lock) {
                now = demand > 0;
                if (now) {
                    if (demand != Long.MAX_VALUE) demand--;
                } else {
                    pendingLast = last;   // sent by the subscriber's next request(n)
                    lastPending = true;
                }
            }
            if (now) finish(last);
        }

        private void finish(T last) {
            if (done.compareAndSet(false, true)) {
                Flow.Subscriber<? super T> d = takeDownstream();
                if (d != null) {
                    d.onNext(last);
                    d.onComplete();
                }
            }
        }

        /** The subscriber, for the terminal signal; from here on the relay no longer refers to it (rule 3.13). */
        private Flow.Subscriber<? super T> takeDownstream() {
            Flow.Subscriber<? super T> d = downstream;
            downstream = null;
            return d;
        }

        private void fail(Throwable error) {
            if (done.compareAndSet(false, true)) {
                Subscription s;
                synchronized (lock) {
                    s = events;
                }
                if (s != null) s.cancel();
                Flow.Subscriber<? super T> d = takeDownstream();
                if (d != null) d.onError(error);
            }
        }
    }
}

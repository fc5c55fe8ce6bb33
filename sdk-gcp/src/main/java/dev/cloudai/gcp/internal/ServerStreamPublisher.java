package dev.cloudai.gcp.internal;

import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.ServerStreamingCallable;
import com.google.api.gax.rpc.StreamController;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A gax server-streaming call as a {@link Flow.Publisher}: one gRPC call per subscription, started when the
 * subscriber subscribes, each message turned into items by a {@link Translator} made for that subscription. Inbound
 * flow control is manual: a message is asked of gRPC only when the subscriber has demand and no item is waiting, so
 * nothing is read far ahead of the subscriber; a cancel cancels the call. The end of the call adds what the
 * translator's {@link Translator#onEnd} gives, then completes; a gRPC error is delivered once, raw (the pipeline maps
 * it), after the items received before it.
 *
 * <pre>{@code
 * Flow.Publisher<byte[]> parts = new ServerStreamPublisher<>(client::streamRawPredictCallable, request,
 *         () -> (body, out) -> out.accept(body.getData().toByteArray()));
 * }</pre>
 */
public final class ServerStreamPublisher<Q, R, T> implements Flow.Publisher<T> {
    /** Turns the messages of one call into items, in order; called one message at a time. */
    public interface Translator<R, T> {
        /** The items one message brings (none, one or several). */
        void onMessage(R message, Consumer<T> items);

        /** The items the call's normal end brings; none by default. */
        default void onEnd(Consumer<T> items) {
        }
    }

    private final Supplier<ServerStreamingCallable<Q, R>> callable;
    private final Q request;
    private final Supplier<? extends Translator<R, T>> translators;

    public ServerStreamPublisher(Supplier<ServerStreamingCallable<Q, R>> callable, Q request,
                                 Supplier<? extends Translator<R, T>> translators) {
        this.callable = Objects.requireNonNull(callable, "callable");
        this.request = Objects.requireNonNull(request, "request");
        this.translators = Objects.requireNonNull(translators, "translators");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber, translators.get());
        subscriber.onSubscribe(relay);
        relay.start();
    }

    /** The subscriber's subscription and, at the same time, gax's observer of the call. */
    private final class Relay implements Flow.Subscription, ResponseObserver<R> {
        // Dropped when the stream ends or is cancelled: gRPC keeps this observer until the call closes, and a
        // cancelled subscriber must not stay reachable through it (Reactive Streams rule 3.13). Read in drain() only.
        private Flow.Subscriber<? super T> downstream;
        private final Translator<R, T> translator;
        private final Queue<T> ready = new ConcurrentLinkedQueue<>();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile StreamController controller;
        private volatile boolean cancelled;
        private volatile boolean upstreamDone;
        private volatile boolean awaitingMessage;
        private boolean terminated;                   // only touched inside drain()

        Relay(Flow.Subscriber<? super T> downstream, Translator<R, T> translator) {
            this.downstream = downstream;
            this.translator = translator;
        }

        void start() {
            if (cancelled || upstreamDone) return;
            try {
                callable.get().call(request, this);
            } catch (RuntimeException e) {
                onError(e);
            }
        }

        @Override
        public void onStart(StreamController c) {
            c.disableAutoInboundFlowControl();
            controller = c;
            if (cancelled) c.cancel();
            drain();
        }

        @Override
        public void onResponse(R message) {
            try {
                translator.onMessage(message, ready::add);
            } catch (RuntimeException e) {
                cancelUpstream();
                onError(e);
                return;
            }
            awaitingMessage = false;
            drain();
        }

        @Override
        public void onError(Throwable t) {
            if (upstreamDone) return;
            error.compareAndSet(null, t);
            upstreamDone = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (upstreamDone) return;
            try {
                translator.onEnd(ready::add);
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
            upstreamDone = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelUpstream();
                ready.clear();
                onError(new IllegalArgumentException("request: demand must be positive, was " + n + " (rule 3.9)"));
                return;
            }
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            cancelUpstream();
            drain();
        }

        private void cancelUpstream() {
            StreamController c = controller;
            if (c != null) c.cancel();
        }

        /** Delivers what the subscriber asked for, asks gRPC for more, or ends the stream; one thread at a time. */
        private void drain() {
            if (wip.getAndIncrement() != 0) return;
            int missed = 1;
            while (true) {
                if (!terminated) {
                    while (!cancelled && demand.get() > 0) {
                        T next = ready.poll();
                        if (next == null) break;
                        demand.decrementAndGet();
                        downstream.onNext(next);
                    }
                    if (cancelled) {
                        terminated = true;
                        ready.clear();
                        downstream = null;
                    } else if (ready.isEmpty() && upstreamDone) {
                        terminated = true;
                        Flow.Subscriber<? super T> last = downstream;
                        downstream = null;
                        Throwable t = error.get();
                        if (t != null) last.onError(t);
                        else last.onComplete();
                    } else if (ready.isEmpty() && demand.get() > 0 && !awaitingMessage && controller != null) {
                        awaitingMessage = true;
                        controller.request(1);
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) return;
            }
        }
    }
}

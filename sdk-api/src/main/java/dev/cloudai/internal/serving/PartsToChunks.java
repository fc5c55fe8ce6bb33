package dev.cloudai.internal.serving;

import dev.cloudai.invocation.ChatChunk;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A streamed endpoint answer as chat chunks: subscribes to the raw parts, feeds them to a {@link StreamDecoder} and
 * publishes the chunks it completes. One part may complete none or several chunks, so parts are requested one at a
 * time, only while the subscriber wants more and nothing is waiting: memory stays at one part's chunks. Signals go
 * out one at a time from a drain loop, whichever thread brings them. Not API.
 */
final class PartsToChunks implements Flow.Publisher<ChatChunk> {
    private final Supplier<Flow.Publisher<byte[]>> parts;
    private final Supplier<StreamDecoder> decoders;
    private final Function<Throwable, RuntimeException> mapper;

    PartsToChunks(Supplier<Flow.Publisher<byte[]>> parts, Supplier<StreamDecoder> decoders,
                  Function<Throwable, RuntimeException> mapper) {
        this.parts = parts;
        this.decoders = decoders;
        this.mapper = mapper;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber, decoders.get(), mapper);
        subscriber.onSubscribe(relay);
        Flow.Publisher<byte[]> source;
        try {
            source = parts.get();
        } catch (RuntimeException e) {
            relay.fail(e);
            return;
        }
        source.subscribe(relay);
    }

    private static final class Relay implements Flow.Subscriber<byte[]>, Flow.Subscription {
        private final Flow.Subscriber<? super ChatChunk> downstream;
        private final StreamDecoder decoder;
        private final Function<Throwable, RuntimeException> mapper;
        private final AtomicInteger wip = new AtomicInteger();
        private final Queue<ChatChunk> ready = new ArrayDeque<>();   // guarded by this
        private Flow.Subscription upstream;                          // guarded by this
        private long demand;                                         // guarded by this
        private boolean partRequested;                               // guarded by this
        private boolean upstreamDone;                                // guarded by this
        private Throwable error;                                     // guarded by this
        private boolean cancelled;                                   // guarded by this
        private boolean terminated;                                  // drain loop only

        Relay(Flow.Subscriber<? super ChatChunk> downstream, StreamDecoder decoder,
              Function<Throwable, RuntimeException> mapper) {
            this.downstream = downstream;
            this.decoder = decoder;
            this.mapper = mapper;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean cancelNow;
            synchronized (this) {
                cancelNow = upstream != null || cancelled;
                if (!cancelNow) upstream = s;
            }
            if (cancelNow) {
                s.cancel();
                return;
            }
            drain();
        }

        @Override
        public void onNext(byte[] part) {
            List<ChatChunk> chunks;
            try {
                chunks = decoder.feed(part);
            } catch (RuntimeException e) {
                Flow.Subscription s;
                synchronized (this) {
                    s = upstream;
                }
                if (s != null) s.cancel();
                fail(e);
                return;
            }
            synchronized (this) {
                partRequested = false;
                ready.addAll(chunks);
            }
            drain();
        }

        @Override
        public void onError(Throwable t) {
            fail(t);
        }

        @Override
        public void onComplete() {
            List<ChatChunk> last;
            try {
                last = decoder.end();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            synchronized (this) {
                ready.addAll(last);
                upstreamDone = true;
            }
            drain();
        }

        void fail(Throwable t) {
            synchronized (this) {
                if (error == null) error = t;
                upstreamDone = true;
            }
            drain();
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (n <= 0) {
                    if (error == null) error = new IllegalArgumentException("request: demand must be positive, was " + n
                            + " (Reactive Streams rule 3.9)");
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
            }
            drain();
        }

        @Override
        public void cancel() {
            Flow.Subscription s;
            synchronized (this) {
                cancelled = true;
                ready.clear();
                s = upstream;
            }
            if (s != null) s.cancel();
        }

        /** Sends what may be sent now; only one thread at a time runs the loop, others leave it work. */
        private void drain() {
            if (wip.getAndIncrement() != 0) return;
            int missed = 1;
            while (true) {
                while (!terminated) {
                    ChatChunk next = null;
                    Throwable failure = null;
                    boolean complete = false;
                    Flow.Subscription askPart = null;
                    synchronized (this) {
                        if (cancelled) {
                            terminated = true;
                            break;
                        }
                        if (error != null) {
                            failure = error;
                        } else if (demand > 0 && !ready.isEmpty()) {
                            next = ready.poll();
                            demand--;
                        } else if (ready.isEmpty() && upstreamDone) {
                            complete = true;
                        } else if (demand > 0 && ready.isEmpty() && !partRequested && upstream != null) {
                            partRequested = true;
                            askPart = upstream;
                        }
                    }
                    if (failure != null) {
                        terminated = true;
                        Flow.Subscription s;
                        synchronized (this) {
                            s = upstream;
                        }
                        if (s != null) s.cancel();   // a no-op for an upstream that ended itself
                        downstream.onError(mapper.apply(failure));
                    } else if (next != null) {
                        downstream.onNext(next);
                    } else if (complete) {
                        terminated = true;
                        downstream.onComplete();
                    } else if (askPart != null) {
                        askPart.request(1);
                    } else {
                        break;
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) return;
            }
        }
    }
}

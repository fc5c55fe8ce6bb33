package dev.cloudai.testkit.testcloud;

import dev.cloudai.invocation.ChatChunk;

import java.io.EOFException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * testcloud's chat stream: one HTTP request per subscription, whose newline-delimited JSON body is read line by
 * line as the subscriber asks for chunks. Demand goes straight through to the HTTP client's line subscription
 * (one line, one chunk), so nothing is read ahead of what the subscriber asked for, and a cancel stops the body.
 */
final class NdjsonChatStream implements Flow.Publisher<ChatChunk> {
    private final HttpClient http;
    private final HttpRequest request;
    private final Function<String, ChatChunk> parseLine;

    /** @param parseLine parses one line; throws {@link TestCloudProtocolException} for a line it cannot read */
    NdjsonChatStream(HttpClient http, HttpRequest request, Function<String, ChatChunk> parseLine) {
        this.http = http;
        this.request = request;
        this.parseLine = parseLine;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Relay relay = new Relay(subscriber);
        subscriber.onSubscribe(relay);
        relay.send();
    }

    /** The subscriber's subscription, and at the same time the subscriber of the HTTP body's lines. */
    private final class Relay implements Flow.Subscription, Flow.Subscriber<String> {
        private final Flow.Subscriber<? super ChatChunk> downstream;
        private final AtomicBoolean done = new AtomicBoolean();   // a terminal signal was sent, or the subscriber cancelled
        private final Object lock = new Object();
        private Flow.Subscription lines;      // guarded by lock; calls on it are made under the lock, so they are serial
        private long pendingDemand;           // guarded by lock: demand signalled before the body started
        private volatile CompletableFuture<HttpResponse<Void>> exchange;
        private volatile String errorBody;
        private volatile boolean finished;    // the finish line was read

        Relay(Flow.Subscriber<? super ChatChunk> downstream) {
            this.downstream = downstream;
        }

        void send() {
            if (done.get()) return;
            HttpResponse.BodyHandler<Void> handler = info -> info.statusCode() / 100 == 2
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(this)
                    : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                        errorBody = body;
                        return null;
                    });
            CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request, handler);
            exchange = f;
            f.whenComplete((response, error) -> {
                if (error != null) {
                    fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else if (response.statusCode() / 100 != 2) {
                    fail(TestCloudProvider.httpError(response.statusCode(), response.headers(), errorBody));
                }
                // a 2xx stream ends through the line subscriber's onComplete or onError
            });
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                fail(new IllegalArgumentException("request: demand must be positive, was " + n + " (rule 3.9)"));
                return;
            }
            synchronized (lock) {
                if (lines == null) {
                    pendingDemand = pendingDemand + n < 0 ? Long.MAX_VALUE : pendingDemand + n;
                } else {
                    lines.request(n);
                }
            }
        }

        @Override
        public void cancel() {
            done.set(true);
            stopBody();
        }

        private void stopBody() {
            synchronized (lock) {
                if (lines != null) lines.cancel();
            }
            CompletableFuture<HttpResponse<Void>> f = exchange;
            if (f != null) f.cancel(true);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (lock) {
                lines = subscription;
                if (done.get()) {
                    subscription.cancel();
                } else if (pendingDemand > 0) {
                    long n = pendingDemand;
                    pendingDemand = 0;
                    subscription.request(n);
                }
            }
        }

        @Override
        public void onNext(String line) {
            if (done.get()) return;
            if (line.isBlank()) {
                synchronized (lock) {
                    lines.request(1);   // a blank line is no chunk: keep the subscriber's demand whole
                }
                return;
            }
            ChatChunk chunk;
            try {
                chunk = parseLine.apply(line);
            } catch (RuntimeException e) {
                if (done.compareAndSet(false, true)) {
                    stopBody();
                    downstream.onError(e);
                }
                return;
            }
            if (chunk instanceof ChatChunk.Finished) finished = true;
            downstream.onNext(chunk);
        }

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onComplete() {
            if (!finished) {
                // the connection dropped mid-answer: a transport failure, retryable while nothing was delivered
                fail(new EOFException("the stream ended before its finish line"));
            } else if (done.compareAndSet(false, true)) {
                downstream.onComplete();
            }
        }

        private void fail(Throwable error) {
            if (done.compareAndSet(false, true)) downstream.onError(error);
        }
    }
}

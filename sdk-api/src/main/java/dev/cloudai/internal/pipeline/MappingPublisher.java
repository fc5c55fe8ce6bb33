package dev.cloudai.internal.pipeline;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/**
 * A publisher whose items are its upstream's, each passed through {@code map} on the way: demand, cancellation and
 * the end of the stream are the upstream's own, so the upstream's compliance with the Reactive Streams rules carries
 * over. The pipeline uses it to put a stream's cost on its {@code Finished} chunk. {@code map} must not throw. Not API.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> priced = new MappingPublisher<>(raw.stream(request), chunk -> withCost(chunk));
 * }</pre>
 */
final class MappingPublisher<T> implements Flow.Publisher<T> {
    private final Flow.Publisher<T> upstream;
    private final UnaryOperator<T> map;

    MappingPublisher(Flow.Publisher<T> upstream, UnaryOperator<T> map) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.map = Objects.requireNonNull(map, "map");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        upstream.subscribe(new Flow.Subscriber<T>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(T item) {
                subscriber.onNext(map.apply(item));
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}

package dev.cloudai.internal.pipeline;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A publisher over a series of upstreams, one at a time: when an upstream fails before any item reached the
 * subscriber, a {@link Policy} decides what comes next, the same provider again after a backoff
 * ({@link RetryingStream}) or the next provider ({@code FallbackChain}), or that the failure is delivered. After the
 * first item a failure is always delivered, so no item is ever repeated. The subscription the subscriber holds
 * outlives the upstreams: demand signalled before a switch carries over to the next upstream, and cancel reaches
 * whichever is current. The retrying and the fallback stream share this one implementation of the Reactive Streams
 * rules, and differ only in their policy. Not API.
 *
 * <pre>{@code
 * Flow.Publisher<ChatChunk> p = new ResubscribingPublisher<>(() -> new MyPolicy());   // one policy per subscriber
 * }</pre>
 */
public final class ResubscribingPublisher<T> implements Flow.Publisher<T> {
    private final Supplier<? extends Policy<T>> policies;

    /** @param policies makes the policy of each subscription: it holds that subscription's state (attempts, route) */
    public ResubscribingPublisher(Supplier<? extends Policy<T>> policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Resubscription<T> r = new Resubscription<>(Objects.requireNonNull(policies.get(), "policy"), subscriber);
        subscriber.onSubscribe(r);
        r.start();
    }

    /**
     * Where one subscription's upstreams come from. Its methods are called one at a time: each step starts from the
     * previous one's signal.
     */
    public interface Policy<T> {
        /** Opens the first upstream: calls {@link Resubscription#subscribeTo} (now or later) or {@link Resubscription#fail}. */
        void start(Resubscription<T> stream);

        /** What the subscriber would see of an upstream's failure; the failure itself by default. */
        default Throwable translate(Throwable failure) {
            return failure;
        }

        /**
         * An upstream failed (already {@link #translate translated}) before any item reached the subscriber: opens the
         * next one with {@link Resubscription#subscribeTo} (now or later), or ends with {@link Resubscription#fail}.
         */
        void recover(Resubscription<T> stream, Throwable failure);

        /** An item is about to reach the subscriber; {@code first} for the stream's first. */
        default void onItem(T item, boolean first) {
        }

        /**
         * The stream ended, once: completed ({@code failure} null), failed, or cancelled by the subscriber (a
         * {@link CancellationException}). Called before the subscriber hears of it.
         */
        default void ended(Throwable failure) {
        }
    }
}

package dev.cloudai.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves each {@link PublisherRules} check can fail: a well-behaved publisher passes them all, and each publisher
 * with one bug fails the check for its rule, saying which rule.
 */
class PublisherRulesTest {
    private static final List<Integer> ITEMS = List.of(1, 2, 3);
    /** Short waits: the broken publishers fail by not doing something, and each such check waits this long. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    private static <T> PublisherRules<T> rules(java.util.function.Supplier<Flow.Publisher<T>> publishers) {
        return PublisherRules.of(publishers).waitingAtMost(WAIT).quietFor(Duration.ofMillis(50));
    }

    private static void assertCaught(String rule, Runnable check) {
        AssertionError e = assertThrows(AssertionError.class, check::run, "the check must catch the bug of rule " + rule);
        assertTrue(String.valueOf(e.getMessage()).contains("rule") && String.valueOf(e.getMessage()).contains(rule)
                || String.valueOf(e.getCause()).contains(rule), () -> "the failure must name rule " + rule + ": " + e);
    }

    @Test
    void aWellBehavedPublisherPassesEveryCheckDeliveringInsideRequestOrOnAnotherThread() {
        rules(() -> new ListPublisher<>(ITEMS, null, Runnable::run)).verifyAll();
        Executor async = r -> new Thread(r).start();
        rules(() -> new ListPublisher<>(ITEMS, null, async)).verifyAll();
        rules(() -> new ListPublisher<>(ITEMS, new IllegalStateException("boom"), async))
                .failsOnce(new ListPublisher<>(ITEMS, new IllegalStateException("boom"), async));
    }

    @Test
    void aPublisherThatAcceptsANullSubscriberIsCaught() {
        assertCaught("1.9", () -> rules(() -> subscriber -> { }).rejectsANullSubscriber());
    }

    @Test
    void aPublisherThatPushesWithoutDemandIsCaught() {
        PublisherRules<Integer> pushing = rules(() -> Broken.pushing(ITEMS));
        assertCaught("1.1", pushing::signalsOnSubscribeFirstAndNothingWithoutDemand);
        assertCaught("1.1", pushing::neverDeliversMoreThanRequested);
        assertCaught("1.1", pushing::completesWhenDemandComesOneAtATimeFromAnotherThread);
    }

    @Test
    void aPublisherThatCompletesTwiceIsCaught() {
        assertCaught("1.7", () -> rules(() -> Broken.completingTwice(ITEMS)).signalsOneTerminalAndNothingAfterIt());
    }

    @Test
    void aPublisherThatIgnoresNonPositiveDemandIsCaught() {
        PublisherRules<Integer> lenient = rules(() -> Broken.on(ITEMS, b -> b.ignoreBadRequests = true));
        assertCaught("3.9", lenient::rejectsZeroDemandWithIllegalArgumentException);
        assertCaught("3.9", lenient::rejectsNegativeDemandWithIllegalArgumentException);
    }

    @Test
    void aPublisherThatIgnoresCancelIsCaught() {
        PublisherRules<Integer> deaf = rules(() -> Broken.on(ITEMS, b -> b.ignoreCancel = true));
        assertCaught("3.6", deaf::stopsAfterCancel);
        assertCaught("1.8", deaf::acceptsCancelFromAnotherThreadDuringOnNext);
    }

    @Test
    void aPublisherThatCallsOnNextUnderItsLockIsCaught() {
        PublisherRules<Integer> locked = rules(() -> Broken.on(ITEMS, b -> b.lockAcrossOnNext = true));
        assertCaught("2.7", locked::acceptsRequestFromAnotherThreadDuringOnNext);
        assertCaught("2.7", locked::acceptsCancelFromAnotherThreadDuringOnNext);
    }

    @Test
    void aPublisherThatReentersOnNextFromRequestIsCaught() {
        assertCaught("3.3", () -> rules(() -> Broken.on(ITEMS, b -> b.recursive = true)).boundsRecursionWhenRequestingFromOnNext());
    }

    @Test
    void aPublisherThatServesOnlyItsFirstSubscriberIsCaught() {
        Function<Void, Flow.Publisher<Integer>> once = ignored -> {
            AtomicBoolean used = new AtomicBoolean();
            Flow.Publisher<Integer> inner = new ListPublisher<>(ITEMS, null, Runnable::run);
            return subscriber -> {
                if (used.getAndSet(true)) {
                    subscriber.onSubscribe(Broken.NOTHING);   // a second subscriber waits forever
                } else {
                    inner.subscribe(subscriber);
                }
            };
        };
        assertThrows(AssertionError.class, () -> rules(() -> once.apply(null)).servesTwoSubscribersIndependently());
    }

    /** A publisher of a list, synchronous, with the bugs its flags turn on. */
    private static final class Broken implements Flow.Publisher<Integer> {
        static final Flow.Subscription NOTHING = new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };

        private final List<Integer> items;
        boolean ignoreBadRequests;
        boolean ignoreCancel;
        boolean lockAcrossOnNext;
        boolean recursive;
        boolean pushAll;
        boolean completeTwice;

        private Broken(List<Integer> items) {
            this.items = items;
        }

        static Broken on(List<Integer> items, Consumer<Broken> bugs) {
            Broken b = new Broken(items);
            bugs.accept(b);
            return b;
        }

        static Broken pushing(List<Integer> items) {
            return on(items, b -> b.pushAll = true);
        }

        static Broken completingTwice(List<Integer> items) {
            return on(items, b -> b.completeTwice = true);
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            Objects.requireNonNull(subscriber, "subscriber");
            if (pushAll) {
                subscriber.onSubscribe(NOTHING);
                items.forEach(subscriber::onNext);
                subscriber.onComplete();
                return;
            }
            subscriber.onSubscribe(new Flow.Subscription() {
                private final Object lock = new Object();
                private long demand;
                private int next;
                private boolean emitting;
                private boolean cancelled;
                private boolean done;

                @Override
                public void request(long n) {
                    if (n <= 0 && !ignoreBadRequests) {
                        cancel();
                        subscriber.onError(new IllegalArgumentException("rule 3.9"));
                        return;
                    }
                    if (lockAcrossOnNext) {
                        // the bug: the emission runs on a thread of its own, holding the lock request needs
                        synchronized (lock) {
                            demand += Math.max(n, 0);
                        }
                        Thread t = new Thread(this::emit);
                        t.setDaemon(true);
                        t.start();
                        return;
                    }
                    synchronized (lock) {
                        demand += Math.max(n, 0);
                        if (emitting && !recursive) return;
                        emitting = true;
                    }
                    emit();
                }

                private void emit() {
                    synchronized (lock) {   // reentrant: recursive and lockAcrossOnNext emissions hold it across onNext
                        while (!done && (!cancelled || ignoreCancel) && demand > 0 && next < items.size()) {
                            demand--;
                            subscriber.onNext(items.get(next++));
                        }
                        if (!done && !cancelled && next == items.size()) {
                            done = true;
                            subscriber.onComplete();
                            if (completeTwice) subscriber.onComplete();
                        }
                        emitting = false;
                    }
                }

                @Override
                public void cancel() {
                    if (lockAcrossOnNext) {
                        synchronized (lock) {
                            cancelled = true;
                        }
                    } else {
                        cancelled = true;
                    }
                }
            });
        }
    }
}
